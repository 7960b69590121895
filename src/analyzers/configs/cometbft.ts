import { finding, isAllInterfaces, type ConfigFinding, type ConfigReport } from './common.js';
import { asList, get, parseTomlSource, tomlLine } from './structured.js';
import { durationMs } from '../k8s/cometbft.js';

function hostOf(laddr: string): string {
  return /^(?:tcp|unix|http):\/\/(\[[^\]]*\]|[^:]*)(?::\d+)?/.exec(laddr)?.[1] ?? laddr.replace(/:\d+$/, '');
}

/** CometBFT / Tendermint config.toml. */
export function auditCometbft(text: string, name = 'config.toml'): ConfigReport {
  const t = parseTomlSource(text, name);
  const out: ConfigFinding[] = [];
  const val = (section: string, key: string) => get(t, section ? [section, key] : [key]);
  const at = (section: string, key: string, k?: string) => {
    const v = val(section, key);
    return {
      setting: v === undefined ? undefined : `${key} = ${JSON.stringify(v)}`,
      line: tomlLine(text, section, key),
      key: k,
    };
  };
  const rpcL = String(val('rpc', 'laddr') ?? 'tcp://127.0.0.1:26657');
  if (isAllInterfaces(hostOf(rpcL)))
    out.push(
      finding(
        'cometbft.rpc-laddr',
        'warn',
        'medium',
        `RPC listens on every interface (${rpcL})`,
        'Bind [rpc] laddr to tcp://127.0.0.1:26657 on validators; serve public RPC from sentry or full nodes only.',
        at('rpc', 'laddr'),
      ),
    );
  else out.push(finding('cometbft.rpc-laddr', 'pass', 'info', `RPC laddr ${rpcL}`, '', at('rpc', 'laddr')));
  const cors = asList(val('rpc', 'cors_allowed_origins'));
  if (cors.includes('*'))
    out.push(
      finding(
        'cometbft.rpc-cors',
        'fail',
        'medium',
        'RPC allows browser requests from any origin',
        'Set cors_allowed_origins to the explorer/dapp origins or [].',
        at('rpc', 'cors_allowed_origins'),
      ),
    );
  else
    out.push(
      finding(
        'cometbft.rpc-cors',
        'pass',
        'info',
        cors.length ? `CORS origins: ${cors.join(', ')}` : 'CORS disabled',
        '',
        at('rpc', 'cors_allowed_origins'),
      ),
    );
  if (val('rpc', 'unsafe') === true)
    out.push(
      finding(
        'cometbft.rpc-unsafe',
        'fail',
        'high',
        'unsafe RPC commands (dial_peers, unsafe_flush_mempool) are enabled',
        'Set [rpc] unsafe = false.',
        at('rpc', 'unsafe'),
      ),
    );
  else
    out.push(finding('cometbft.rpc-unsafe', 'pass', 'info', 'unsafe RPC commands disabled', '', at('rpc', 'unsafe')));
  const inbound = Number(val('p2p', 'max_num_inbound_peers') ?? 40);
  const outbound = Number(val('p2p', 'max_num_outbound_peers') ?? 10);
  if (inbound > 100 || outbound > 50)
    out.push(
      finding(
        'cometbft.peer-limits',
        'warn',
        'low',
        `peer limits are high (inbound ${inbound}, outbound ${outbound})`,
        'Keep max_num_inbound_peers ≤ 100 and max_num_outbound_peers ≤ 50 for validators.',
        at('p2p', inbound > 100 ? 'max_num_inbound_peers' : 'max_num_outbound_peers'),
      ),
    );
  else
    out.push(
      finding(
        'cometbft.peer-limits',
        'pass',
        'info',
        `peer limits inbound ${inbound}, outbound ${outbound}`,
        '',
        at('p2p', 'max_num_inbound_peers'),
      ),
    );
  const pex = val('p2p', 'pex');
  if (pex !== false)
    out.push(
      finding(
        'cometbft.pex',
        'warn',
        'low',
        'peer exchange is on: a validator learns and gossips arbitrary peers',
        'On validators behind sentries set pex = false and list the sentries in persistent_peers.',
        at('p2p', 'pex'),
      ),
    );
  else out.push(finding('cometbft.pex', 'pass', 'info', 'peer exchange off', '', at('p2p', 'pex')));
  if (val('p2p', 'addr_book_strict') === false)
    out.push(
      finding(
        'cometbft.addr-book-strict',
        'warn',
        'low',
        'the address book accepts private and non-routable addresses',
        'Set addr_book_strict = true outside local test networks.',
        at('p2p', 'addr_book_strict'),
      ),
    );
  if (val('instrumentation', 'prometheus') === true) {
    const addr = String(val('instrumentation', 'prometheus_listen_addr') ?? ':26660');
    if (isAllInterfaces(hostOf(addr)))
      out.push(
        finding(
          'cometbft.prometheus',
          'warn',
          'low',
          `metrics are served on every interface (${addr})`,
          'Bind prometheus_listen_addr to 127.0.0.1 or the monitoring network.',
          at('instrumentation', 'prometheus_listen_addr'),
        ),
      );
    else
      out.push(
        finding(
          'cometbft.prometheus',
          'pass',
          'info',
          `metrics on ${addr}`,
          '',
          at('instrumentation', 'prometheus_listen_addr'),
        ),
      );
  }
  const dsc = Number(val('consensus', 'double_sign_check_height') ?? 0);
  if (dsc > 0)
    out.push(
      finding(
        'cometbft.double-sign-check',
        'pass',
        'info',
        `double_sign_check_height ${dsc}`,
        '',
        at('consensus', 'double_sign_check_height'),
      ),
    );
  else
    out.push(
      finding(
        'cometbft.double-sign-check',
        'warn',
        'medium',
        'double_sign_check_height is 0: if this node validates, a second copy of it started by mistake signs without looking for its own earlier votes',
        'On validators set [consensus] double_sign_check_height to a few blocks (e.g. 10).',
        at('consensus', 'double_sign_check_height'),
      ),
    );
  // Sub-second propose and vote timeouts only hold when every validator sits in one data centre.
  const short = ['timeout_propose', 'timeout_prevote', 'timeout_precommit', 'timeout_vote']
    .map((k) => ({ k, ms: durationMs(val('consensus', k)) }))
    .filter((x) => x.ms !== undefined && x.ms < (x.k === 'timeout_propose' ? 1000 : 500));
  if (short.length)
    out.push(
      finding(
        'cometbft.timeouts',
        'warn',
        'medium',
        `consensus timeouts tuned for a single data centre (${short.map((x) => `${x.k} ${x.ms} ms`).join(', ')}): validators in other zones or regions will miss rounds`,
        'Keep timeout_propose ≥ 3s and prevote/precommit ≥ 1s when validators are spread over zones or regions.',
        at('consensus', short[0].k),
      ),
    );
  else if (val('consensus', 'timeout_propose') !== undefined)
    out.push(
      finding(
        'cometbft.timeouts',
        'pass',
        'info',
        'consensus timeouts at or above the zone-spread minimums',
        '',
        at('consensus', 'timeout_propose'),
      ),
    );
  const signer = val('', 'priv_validator_laddr');
  const keyFile = val('', 'priv_validator_key_file');
  if (signer)
    out.push(
      finding(
        'cometbft.validator-key',
        'pass',
        'info',
        `signing delegated to a remote signer at ${signer}`,
        '',
        at('', 'priv_validator_laddr'),
      ),
    );
  else if (keyFile !== undefined)
    out.push(
      finding(
        'cometbft.validator-key',
        'warn',
        'medium',
        `the validator key is a local file (${keyFile})`,
        'Use a remote signer (tmkms, horcrux) with an HSM, or at least restrict the file to mode 0600 and back it up offline.',
        at('', 'priv_validator_key_file'),
      ),
    );
  return { format: 'cometbft', findings: out };
}
