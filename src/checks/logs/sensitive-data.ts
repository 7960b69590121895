import { defineCheck } from '../types.js';
import { logSummary, noLogs, quote, at, UNUSABLE_RESULTS, withCoverage, LOG_SCAN_TIMEOUT_MS } from './support.js';

/** Result id of a secret kind (the secrets engine's kinds, plus passwords and authorization headers). */
function resultOf(kind: string, wellKnown: boolean): string {
  if (wellKnown) return 'well-known-key';
  if (kind === 'bip39-mnemonic') return 'mnemonic';
  if (kind === 'password' || kind === 'authorization-header') return kind;
  if (/token|provider|aws|gcp|azure/.test(kind)) return 'token';
  return 'private-key';
}

export default defineCheck(
  {
    id: 'logs.sensitive-data',
    title: 'Secrets written to logs',
    description:
      'Private keys, mnemonics, passwords and authorization headers must never reach a log: logs are copied, shipped and read by many. Reads log records with the secrets scanner (one engine for files and logs) and, knowing the log formats, also finds the keys development nodes print at start, keys and passphrases in logged RPC parameters (personal_importRawKey, walletpassphrase), JSON privateKey and mnemonic fields, and key, mnemonic and password parameters in logged URLs. Values a program masked itself (****, [FILTERED]) are not reported. Quoted lines are masked.',
    targetKinds: ['logs'],
    severity: 'high',
    confidence: 'medium',
    tags: ['logs', 'secrets'],
    remediation:
      'Remove the secret from the logs and their archives, rotate it (a logged key is a leaked key), and filter credentials in the logging configuration (log request bodies and URLs without their secret fields).',
    references: [],
    level: 'passive',
    timeoutMs: LOG_SCAN_TIMEOUT_MS,
    results: {
      'private-key': { title: 'Private key in a log record', severity: 'critical' },
      mnemonic: { title: 'Mnemonic in a log record', severity: 'critical' },
      password: { title: 'Password in a log record' },
      'authorization-header': { title: 'Authorization header in a log record' },
      token: { title: 'Access token in a log record' },
      'well-known-key': {
        title: 'Publicly known development key in a log record',
        severity: 'low',
        remediation: 'Development keys are public: make sure no real funds or production node uses them.',
      },
      none: { title: 'No secret found in the logs', severity: 'info' },
      ...UNUSABLE_RESULTS,
    },
  },
  async (ctx) => {
    const s = await logSummary(ctx);
    const none = noLogs(s, ctx.target.path);
    if (none) return none;
    if (s.secretCount === 0)
      return withCoverage(s, ctx.target.path, [
        { status: 'pass', result: 'none', message: `no secret in ${s.records} records`, key: 'secrets' },
      ]);
    const results = s.secrets.map((x) => ({
      status: 'fail' as const,
      result: resultOf(x.kind, Boolean(x.wellKnown)),
      message: `${x.kind} in a log record${x.wellKnown ? ` (${x.wellKnown})` : ''}`,
      evidence: [
        { label: 'record (masked)', value: quote(x) },
        { label: 'detail', value: x.detail },
      ],
      locations: [at(x)],
      key: `${x.file}:${x.line}:${x.kind}`,
    }));
    if (s.secretCount > s.secrets.length)
      results[results.length - 1].evidence.push({
        label: 'not listed',
        value: `${s.secretCount - s.secrets.length} more secret(s) found and not listed one by one`,
      });
    return withCoverage(s, ctx.target.path, results);
  },
);
