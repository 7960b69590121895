import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { asPeers, lastValue, readNodeConfig, type PeerInfo } from './support.js';
import { sharedCall, show, unusable } from '../node-probe.js';

/** Bitcoin Core (net.h): a peer silent for 20 minutes is dropped; pings go out every 2 minutes. */
export const CORE_INACTIVITY_TIMEOUT_S = 20 * 60;
export const CORE_PING_INTERVAL_S = 2 * 60;
const GRACE_S = 60;

export interface TimeoutVerdict {
  stale: PeerInfo[];
  pinged: number;
  mature: number;
}

/** Peers connected long enough to have been pinged, and those silent past the inactivity timeout. */
export function evaluateTimeouts(peers: PeerInfo[], nowS: number): TimeoutVerdict {
  const mature = peers.filter((p) => nowS - p.conntime > CORE_PING_INTERVAL_S + GRACE_S);
  const stale = peers.filter(
    (p) =>
      nowS - p.conntime > CORE_INACTIVITY_TIMEOUT_S + GRACE_S &&
      nowS - Math.max(p.lastrecv, 0) > CORE_INACTIVITY_TIMEOUT_S + GRACE_S,
  );
  const pinged = mature.filter((p) => typeof p.pingtime === 'number' || typeof p.pingwait === 'number').length;
  return { stale, pinged, mature: mature.length };
}

export default defineCheck(
  {
    id: 'bitcoin.p2p.connection-timeout',
    title: 'Idle peer sessions are pinged and closed',
    description:
      'Sessions that stay open without traffic hold connection slots and memory. The blockchain evaluation method of the classified protection of cybersecurity expects a heartbeat after a silent period and the session closed after a longer one (30 / 90 minutes); Bitcoin Core pings every 2 minutes and drops a peer silent for 20 minutes, with a 60-second handshake timeout (-peertimeout).',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['p2p', 'resources', 'timeout'],
    remediation:
      'Keep -peertimeout at its default (60 s) or lower and do not patch out the inactivity timeout; alert on peers whose lastrecv is older than 20 minutes.',
    references: [
      'https://github.com/bitcoin/bitcoin/blob/v0.21.0/src/net.h#L49-L54',
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 3 (connection timeout limit)',
    ],
    level: 'passive',
    results: {
      peers: { title: 'No peer idle past the inactivity timeout' },
      config: { title: 'Handshake timeout in the node configuration' },
    },
  },
  async (ctx) => {
    const results: CheckResult[] = [];
    const out = await sharedCall(ctx, 'getpeerinfo');
    const peers = out.ok ? asPeers(out.result) : undefined;
    if (!peers) return [unusable('getpeerinfo', out)];
    const now = Math.floor(Date.now() / 1000);
    const v = evaluateTimeouts(peers, now);
    const evidence = [
      {
        label: 'getpeerinfo (seconds since connect / last receive / ping)',
        value:
          peers
            .slice(0, 20)
            .map(
              (p) =>
                `${show(p.addr, 50)}: ${now - p.conntime}s / ${now - p.lastrecv}s / ${typeof p.pingtime === 'number' ? `${Math.round(p.pingtime * 1000)}ms` : typeof p.pingwait === 'number' ? `waiting ${p.pingwait}s` : 'none'}`,
            )
            .join('; ') || '(no peers)',
      },
    ];
    if (v.stale.length > 0) {
      results.push({
        status: 'fail',
        message: `${v.stale.length} peer(s) silent for more than ${CORE_INACTIVITY_TIMEOUT_S / 60} minutes are still connected: idle sessions are not being closed`,
        evidence,
        key: 'peers',
        result: 'peers',
      });
    } else if (v.mature > 0 && v.pinged < v.mature) {
      results.push({
        status: 'warn',
        message: `${v.mature - v.pinged} of ${v.mature} established peers show no ping measurement: the heartbeat is not confirmed`,
        evidence,
        key: 'peers',
        result: 'peers',
      });
    } else {
      results.push({
        status: 'pass',
        message: `no peer exceeds the ${CORE_INACTIVITY_TIMEOUT_S / 60}-minute inactivity timeout${peers.length ? `; ${peers.filter((p) => typeof p.pingtime === 'number').length} of ${peers.length} peers answered pings` : ' (no peers right now)'}`,
        evidence,
        key: 'peers',
        result: 'peers',
      });
    }
    const { config, problem } = readNodeConfig(ctx);
    if (problem) results.push({ status: 'error', message: problem, key: 'config', result: 'config' });
    if (config) {
      const peertimeout = lastValue(config, 'peertimeout');
      const n = peertimeout === undefined ? 60 : Number(peertimeout);
      const ev = [{ label: config.file, value: `peertimeout=${peertimeout ?? '(default 60)'}` }];
      results.push(
        !Number.isFinite(n) || n > 600
          ? {
              status: 'fail',
              message: `peertimeout=${peertimeout} lets an unresponsive peer hold a slot for over 10 minutes before the handshake completes`,
              evidence: ev,
              key: 'config',
              result: 'config',
            }
          : { status: 'pass', message: `handshake timeout is ${n} s`, evidence: ev, key: 'config', result: 'config' },
      );
    }
    return results;
  },
);
