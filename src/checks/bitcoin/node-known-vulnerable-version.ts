import { severityRank } from '../../model.js';
import { defineCheck } from '../types.js';
import { advisoriesFor, parseUserAgent, VERSION_ADVISORIES } from './known-versions.js';
import { asNetworkInfo } from './support.js';
import { show, sharedCall, unusable } from '../node-probe.js';

export default defineCheck(
  {
    id: 'bitcoin.node.known-vulnerable-version',
    title: 'Node software version has disclosed vulnerabilities or is end of life',
    description:
      'The user agent every peer sees (getnetworkinfo.subversion) names the client and version. Versions below a security release carry publicly documented remote crashes, DoS or consensus bugs; end-of-life versions get no fixes at all.',
    targetKinds: ['bitcoin-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['version', 'patching'],
    remediation:
      'Upgrade to the newest maintained release of the client (and follow its security advisories); retire forks that no longer follow upstream fixes.',
    references: [...new Set(VERSION_ADVISORIES.map((a) => a.source))],
    level: 'passive',
  },
  async (ctx) => {
    const out = await sharedCall(ctx, 'getnetworkinfo');
    const info = out.ok ? asNetworkInfo(out.result) : undefined;
    if (!info) return [unusable('getnetworkinfo', out)];
    const ua = show(info.subversion, 120);
    const parsed = parseUserAgent(info.subversion);
    const evidence = [{ label: 'getnetworkinfo.subversion / version', value: `${ua} / ${show(info.version, 20)}` }];
    if (!parsed)
      return [{ status: 'warn', message: `unrecognised user agent ${ua}: the version cannot be checked`, evidence }];
    const hits = advisoriesFor(parsed.product, parsed.version);
    if (hits.length === 0) {
      const known = VERSION_ADVISORIES.some((a) => a.product === parsed.product);
      return [
        {
          status: known ? 'pass' : 'warn',
          confidence: known ? 'high' : 'low',
          message: known
            ? `${parsed.product} ${parsed.version} is not below any release in the advisory table`
            : `${parsed.product} ${parsed.version}: no advisory data for this client; check its release notes by hand`,
          evidence,
        },
      ];
    }
    const worst = hits.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a));
    return [
      {
        status: 'fail',
        severity: worst.severity,
        message: `${parsed.product} ${parsed.version} is affected by ${hits.length} advisory item(s): ${hits.map((h) => `${h.summary} (fixed in ${h.fixedIn})`).join('; ')}`,
        evidence: [...evidence, ...hits.map((h) => ({ label: `${h.kind}, fixed in ${h.fixedIn}`, value: h.source }))],
      },
    ];
  },
);
