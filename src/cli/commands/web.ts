import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { InputError } from '../../errors.js';
import { loadScope } from '../../scope/load.js';
import type { CliEnv } from '../env.js';
import { auditScope } from '../pipeline.js';
import { collect } from '../options.js';
import { withInterrupt } from '../interrupt.js';
import { addAuditOptions, toAuditFlags, type RawFlags } from './audit.js';

type WebFlags = RawFlags & {
  login?: string;
  hostname: string[];
  url: string[];
  resourceHost: string[];
  caFile?: string;
};

/** The one-target scope `chainaudit web` audits, as YAML; written beside the reports so the run can be repeated with `audit`. */
export function webScopeYaml(
  url: string,
  f: Pick<WebFlags, 'login' | 'hostname' | 'url' | 'resourceHost' | 'caFile'>,
): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`"${url}" is not a URL (expected https://host[:port]/path)`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new InputError(`"${url}" is not an http:// or https:// URL`);
  const target: Record<string, unknown> = {
    id: parsed.hostname.replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 60) || 'web',
    kind: 'web',
    url: parsed.href,
  };
  if (f.url.length) target.urls = f.url;
  if (f.login) target.login = f.login;
  if (f.hostname.length) target.hostnames = f.hostname;
  if (f.resourceHost.length) target.resourceHosts = f.resourceHost;
  if (f.caFile) target.caFile = resolve(f.caFile);
  return stringify({
    name: `web ${parsed.origin}`,
    description: `chainaudit web ${parsed.href}`,
    targets: [target],
  });
}

export function register(program: Command, env: CliEnv): void {
  const cmd = program
    .command('web')
    .description(
      'audit one web front end or https endpoint: TLS, certificate, headers, cookies, CORS, third-party scripts',
    )
    .argument('<url>', 'the front end address, e.g. https://wallet.example.com/')
    .option('--login <path>', 'login or key-entry page (path or URL) to check for plaintext forms')
    .option('--hostname <names>', 'host names the certificate must also cover (repeatable)', collect, [])
    .option(
      '--url <urls>',
      'more pages of the same site to inspect; an http:// one is the plaintext entry (repeatable)',
      collect,
      [],
    )
    .option(
      '--resource-host <hosts>',
      'other hosts whose scripts may be downloaded to hash them (repeatable)',
      collect,
      [],
    )
    .option('--ca-file <pem>', 'extra trust anchors, e.g. a consortium CA')
    .addHelpText(
      'after',
      "\nThe generated scope is written to <out>/scope.yaml; `chainaudit audit <out>/scope.yaml` repeats the run.\nOnly the URL's host is contacted (and --resource-host hosts); the CAA lookup asks the system resolver.\nExit codes: 0 done, 1 a finding at or above --fail-on failed, 2 bad input, 3 internal error.",
    );
  addAuditOptions(cmd, 'chainaudit-web-report').action(async (url: string, raw: WebFlags) => {
    if (raw.lang) env.lang = raw.lang;
    const yaml = webScopeYaml(url, raw);
    const flags = toAuditFlags(raw);
    mkdirSync(flags.out, { recursive: true });
    const file = join(flags.out, 'scope.yaml');
    writeFileSync(file, yaml);
    const scope = loadScope(file);
    const result = await withInterrupt(env, (signal) => auditScope(scope, flags, env, signal));
    env.setExitCode(result.exitCode);
  });
}
