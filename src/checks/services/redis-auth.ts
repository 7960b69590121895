import { auditRedis, redisSettingsFromPairs } from '../../analyzers/configs/redis.js';
import { REDIS_RULES } from '../configs/redis.js';
import { declareRules, ruleResultId } from '../configs/shared.js';
import { errorMessage } from '../../errors.js';
import { defineCheck, type CheckResult } from '../types.js';
import { probeAddress, redisCommand, servicesOf } from './probes.js';

export default defineCheck(
  {
    id: 'services.redis-auth',
    title: 'Redis requires authentication',
    description:
      'Sends PING to each declared Redis service: +PONG means anyone who reaches the port has full access, -NOAUTH means a password is required. When the server answers without authentication, its running configuration and users are read with CONFIG GET * and ACL LIST (read-only) and judged like redis.conf.',
    targetKinds: ['host'],
    results: declareRules(REDIS_RULES),
    severity: 'critical',
    confidence: 'high',
    tags: ['redis', 'cache', 'auth', 'probe'],
    remediation:
      'Set `requirepass` (or ACL users with `user default off`) and bind Redis to loopback or a private address.',
    references: ['https://redis.io/docs/latest/operate/oss_and_stack/management/security/'],
    level: 'passive',
  },
  async (ctx) => {
    const host = probeAddress(ctx.target);
    const ports = servicesOf(ctx.target, 'redis');
    if (!ports.length)
      return [{ status: 'not-applicable', message: 'the scope declares no Redis service for this host' }];
    const results: CheckResult[] = [];
    for (const port of ports) {
      let ping;
      try {
        ping = await redisCommand(host, port, ['PING'], ctx.signal);
      } catch (e) {
        results.push({ status: 'error', message: `${host}:${port}: ${errorMessage(e)}`, key: `${port}` });
        continue;
      }
      const evidence = [
        { label: 'sent', value: 'PING' },
        { label: 'reply', value: `${ping.kind}${(ping.text ?? '').slice(0, 120)}` },
      ];
      if (ping.kind === '-' && /NOAUTH|WRONGPASS|AUTH/i.test(ping.text ?? '')) {
        results.push({
          status: 'pass',
          confidence: 'medium',
          message: `${host}:${port} refuses commands before AUTH (the default user needs a password; named ACL users are judged from redis.conf or its aclfile)`,
          evidence,
          result: 'auth',
          key: `${port}`,
        });
        continue;
      }
      if (ping.kind !== '+') {
        results.push({
          status: 'error',
          message: `${host}:${port} gave an unexpected reply to PING: not a Redis server, or a broken one`,
          evidence,
          key: `${port}`,
        });
        continue;
      }
      results.push({
        status: 'fail',
        message: `${host}:${port} answers PING without authentication: full read/write/CONFIG access for anyone who reaches it`,
        evidence,
        result: 'auth',
        key: `${port}`,
      });
      try {
        const conf = await redisCommand(host, port, ['CONFIG', 'GET', '*'], ctx.signal);
        const acl = await redisCommand(host, port, ['ACL', 'LIST'], ctx.signal);
        if (conf.kind !== '*' || !conf.items)
          throw new Error(`CONFIG GET answered ${conf.kind}${(conf.text ?? '').slice(0, 80)}`);
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < conf.items.length; i += 2) pairs.push([conf.items[i], conf.items[i + 1]]);
        const aclUsers = acl.kind === '*' && acl.items ? acl.items : undefined;
        for (const f of auditRedis(redisSettingsFromPairs(pairs), { live: true, aclUsers }).findings) {
          // The PING above already judged the default user; other users come from ACL LIST.
          if (f.rule === 'redis.auth' && (!f.key?.startsWith('user:') || f.key === 'user:default')) continue;
          results.push({
            status: f.status,
            severity: f.status === 'pass' ? 'info' : f.severity,
            message: `${host}:${port} (running config): ${f.message}`,
            evidence: f.setting
              ? [{ label: f.key?.startsWith('user:') ? 'ACL LIST' : 'CONFIG GET', value: f.setting }]
              : [],
            remediation: f.fix || undefined,
            result: ruleResultId(f.rule),
            key: `${port}:${f.rule}${f.key ? `:${f.key}` : ''}`,
          });
        }
      } catch (e) {
        results.push({
          status: 'error',
          message: `${host}:${port}: the running configuration could not be read: ${errorMessage(e)}`,
          key: `${port}:config`,
        });
      }
    }
    return results;
  },
);
