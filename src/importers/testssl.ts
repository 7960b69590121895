import { z } from 'zod';
import type { Severity, Status } from '../model.js';
import { clip, validate } from './common.js';
import type { ImportedResult, ToolImporter } from './types.js';

const entry = z.object({
  id: z.string(),
  ip: z.string().default(''),
  port: z.union([z.string(), z.number()]).default(''),
  severity: z.string(),
  finding: z.string().default(''),
  cve: z.string().optional(),
  cwe: z.string().optional(),
  hint: z.string().optional(),
});

/**
 * testssl.sh's verdicts: OK passes, LOW and worse fail, FATAL (and a WARN scan problem) means it could
 * not decide; INFO, DEBUG and other WARN lines are notes about the scanner itself and assert nothing.
 */
const VERDICT: Record<string, { status: Status; severity: Severity } | undefined> = {
  OK: { status: 'pass', severity: 'info' },
  LOW: { status: 'fail', severity: 'low' },
  MEDIUM: { status: 'fail', severity: 'medium' },
  HIGH: { status: 'fail', severity: 'high' },
  CRITICAL: { status: 'fail', severity: 'critical' },
  FATAL: { status: 'error', severity: 'medium' },
};

/** The sections of a `--jsonfile-pretty` scan result that hold findings. */
const PRETTY_SECTIONS = [
  'pretest',
  'singleCipher',
  'protocols',
  'grease',
  'ciphers',
  'serverPreferences',
  'fs',
  'pfs',
  'serverDefaults',
  'headerResponse',
  'vulnerabilities',
  'cipherTests',
  'browserSimulations',
  'rating',
];

function resultOf(e: z.infer<typeof entry>, host: string): ImportedResult | undefined {
  const level = e.severity.toUpperCase();
  const v = VERDICT[level] ?? (level === 'WARN' && e.id === 'scanProblem' ? VERDICT.FATAL : undefined);
  if (!v) return undefined;
  const where = `${e.ip || host}:${e.port}`;
  return {
    rule: e.id,
    status: v.status,
    severity: v.severity,
    title: `testssl.sh ${e.id}`,
    message: clip(`${e.id}: ${e.finding}`, 1000),
    evidence: [
      { label: 'endpoint', value: where },
      { label: 'testssl.sh finding', value: clip(`${e.severity}: ${e.finding}`, 500) },
      ...(e.cve ? [{ label: 'CVE', value: e.cve }] : []),
      ...(e.cwe ? [{ label: 'CWE', value: e.cwe }] : []),
    ],
    ...(e.hint ? { remediation: clip(e.hint, 500) } : {}),
    key: `${where}:${e.id}`,
  };
}

export const testssl: ToolImporter = {
  tool: 'testssl',
  title: 'testssl.sh',
  describes: 'a testssl.sh JSON report (testssl.sh --jsonfile or --jsonfile-pretty)',
  async read(input, fail, emit) {
    const push = (r: ImportedResult | undefined) => r && emit(r);
    if ((await input.firstByte()) === '[') {
      for await (const s of input.select([['*']])) push(resultOf(validate(entry, s.value, s.path, fail), ''));
      return {};
    }
    let version: string | undefined;
    let scans = 0;
    const patterns = [
      ['version'],
      ...PRETTY_SECTIONS.map((section) => ['scanResult', '*', section, '*']),
      ['scanResult', '*', 'targetHost'],
    ];
    const hosts = new Map<number, string>();
    const pending: { scan: number; e: z.infer<typeof entry> }[] = [];
    for await (const s of input.select(patterns)) {
      if (s.pattern === 0) version = String(s.value);
      else if (s.pattern === patterns.length - 1) {
        scans++;
        hosts.set(s.path[1] as number, String(s.value));
      } else pending.push({ scan: s.path[1] as number, e: validate(entry, s.value, s.path, fail) });
    }
    if (scans === 0 && pending.length === 0) fail('it is neither a list of findings nor has a "scanResult"');
    for (const { scan, e } of pending) push(resultOf(e, hosts.get(scan) ?? ''));
    return { toolVersion: version };
  },
};
