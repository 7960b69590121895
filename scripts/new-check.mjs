#!/usr/bin/env node
// Starts a new check from templates/check/: `npm run new-check -- <domain>.<name...> [--root DIR]`.
// Writes src/checks/<domain>/<name>.ts and test/<domain>/<name>.test.ts, registers the check in
// src/checks/<domain>/index.ts, and says which one line is left to write: the framework mapping.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATE_ID = 'example.node.chain-id';
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? args.splice(rootAt, 2)[1] : join(here, '..');
const id = args[0];

function fail(message) {
  console.error(`new-check: ${message}`);
  process.exit(2);
}

if (!id || !/^[a-z0-9]+(\.[a-z0-9-]+)+$/.test(id))
  fail('give a check id: lower-case dotted, e.g. evm.rpc.txpool-exposed');
const [domain, ...rest] = id.split('.');
const name = rest.join('-');
const index = join(root, 'src', 'checks', domain, 'index.ts');
const checkFile = join(root, 'src', 'checks', domain, `${name}.ts`);
const testFile = join(root, 'test', domain, `${name}.test.ts`);
if (!existsSync(index)) fail(`no domain ${domain}: ${index} does not exist (create the folder and its index.ts first)`);
for (const f of [checkFile, testFile]) if (existsSync(f)) fail(`${f} exists already`);

const camel = name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const template = (file) => readFileSync(join(here, '..', 'templates', 'check', file), 'utf8');
const check = template('check.ts')
  .replace(/^\/\/ The template[\s\S]*?\n(?=import)/, '')
  .replaceAll(TEMPLATE_ID, id)
  .replaceAll("'../../src/checks/", "'../");
const test = template('check.test.ts')
  .replace(/^\/\/ The template's test[\s\S]*?\n(?=import)/, '')
  .replaceAll(TEMPLATE_ID, id)
  .replace("import check from './check.js';", `import check from '../../src/checks/${domain}/${name}.js';`);

let registry = readFileSync(index, 'utf8');
const imports = [...registry.matchAll(/^import .*;$/gm)];
const last = imports[imports.length - 1];
const at = last.index + last[0].length;
registry = `${registry.slice(0, at)}\nimport ${camel} from './${name}.js';${registry.slice(at)}`;
registry = registry.replace(/\n\];/, `\n  ${camel},\n];`);

mkdirSync(dirname(testFile), { recursive: true });
writeFileSync(checkFile, check);
writeFileSync(testFile, test);
writeFileSync(index, registry);
console.log(`wrote ${checkFile}\nwrote ${testFile}\nregistered ${id} in ${index}`);
console.log(
  `left to you: the check's logic and test, and a line \`- ${id}\` under checks: of each framework item it assesses (catalog/*.yaml)`,
);
