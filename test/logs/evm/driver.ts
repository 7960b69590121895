import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { anvilBinary } from '../../../src/nodes/anvil.js';
import { waitForExit } from '../../../src/nodes/managed.js';
import { freePort } from '../../support/ports.js';
import type { Expected } from '../score.js';

/**
 * Ethereum development nodes as they log: anvil with its tracing output (RUST_LOG, ANSI colours
 * even into a file) and ganache's CLI with verbose request logging, each sent the requests that
 * make them print keys, passphrases and errors. The nodes write the logs; the expectations come
 * from what was sent and from the keys the nodes save on request (--config-out,
 * --wallet.accountKeysPath).
 */

export interface DevNodeLog {
  logFile: string;
  expected: Expected[];
}

/** A private key of the first test key set of web3 documentation: not one of the nodes' own. */
const IMPORTED_KEY = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
const PASSPHRASE = 'correct horse battery staple 42';
/** Init code whose constructor reverts. */
const REVERTING_INIT_CODE = '0x6080604052348015600f57600080fd5b50600080fd';

async function post(
  url: string,
  method: string,
  params: unknown[],
): Promise<{ result?: unknown; error?: { message: string } }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(20_000),
  });
  return (await r.json()) as { result?: unknown; error?: { message: string } };
}

function startLogged(
  file: string,
  args: string[],
  logFile: string,
  env: Record<string, string>,
  listening: RegExp,
): Promise<{ child: ChildProcess; url: string }> {
  const fd = openSync(logFile, 'w');
  const child = spawn(file, args, { stdio: ['ignore', fd, fd], env: { PATH: process.env.PATH ?? '', ...env } });
  closeSync(fd);
  const deadline = Date.now() + 30_000;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const text = readFileSync(logFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
      const m = listening.exec(text);
      if (m) return resolve({ child, url: `http://${m[1]}` });
      if (child.exitCode !== null) return reject(new Error(`${file} exited: ${text.slice(-1000)}`));
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        return reject(new Error(`${file} did not start: ${text.slice(-1000)}`));
      }
      setTimeout(poll, 50);
    };
    poll();
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (!(await waitForExit(child, 5000))) {
    child.kill('SIGKILL');
    await waitForExit(child, 5000);
  }
}

/** anvil with tracing logs; `random` makes it derive its accounts from a fresh mnemonic instead of the public one. */
export async function driveAnvil(dir: string, random: boolean): Promise<DevNodeLog> {
  const logFile = join(dir, random ? 'anvil-random.log' : 'anvil.log');
  const config = join(dir, random ? 'anvil-random.json' : 'anvil.json');
  const { child, url } = await startLogged(
    anvilBinary(),
    ['--host', '127.0.0.1', '--port', '0', '--config-out', config, ...(random ? ['--mnemonic-random'] : [])],
    logFile,
    { RUST_LOG: 'info' },
    /Listening on (127\.0\.0\.1:\d+)/,
  );
  const expected: Expected[] = [];
  try {
    const [from] = (await post(url, 'eth_accounts', [])).result as string[];
    await post(url, 'eth_sendTransaction', [{ from, data: REVERTING_INIT_CODE }]);
    expected.push({
      aspect: 'error',
      classId: 'transaction',
      contains: 'Error: reverted with: ',
      count: 1,
      why: 'contract creation reverted',
    });
    await post(url, 'eth_sendTransaction', [
      { from, to: '0x0000000000000000000000000000000000000001', value: '0x1', nonce: '0x0' },
    ]);
    expected.push({
      aspect: 'error',
      classId: 'transaction',
      contains: 'Error: Transaction rejected: nonce too low',
      count: 1,
      why: 'nonce already used',
    });
    const poor = '0x1111111111111111111111111111111111111111';
    await post(url, 'anvil_impersonateAccount', [poor]);
    await post(url, 'eth_sendTransaction', [
      { from: poor, to: '0x0000000000000000000000000000000000000001', value: '0x1' },
    ]);
    expected.push({
      aspect: 'error',
      classId: 'transaction',
      contains: 'Error: Transaction rejected: Insufficient funds',
      count: 1,
      why: 'sender without funds',
    });
    await post(url, 'eth_sendTransaction', [
      { from, to: '0x0000000000000000000000000000000000000001', value: '0x1', gas: '0x1' },
    ]);
    expected.push({
      aspect: 'error',
      classId: 'transaction',
      contains: 'Error: Server error: intrinsic gas too low',
      count: 1,
      why: 'gas limit below the intrinsic cost',
    });
    await post(url, 'eth_sendRawTransaction', ['0xdeadbeef']);
    expected.push({
      aspect: 'error',
      classId: 'transaction',
      contains: 'Failed to decode transaction',
      count: 1,
      why: 'undecodable raw transaction',
    });
    await post(url, 'eth_sendTransaction', [
      { from: '0x0000000000000000000000000000000000000002', to: poor, value: '0x1' },
    ]);
    expected.push({
      aspect: 'error',
      classId: 'rpc',
      contains: 'Error: Invalid params: No Signer available',
      count: 1,
      why: 'sender the node holds no key for',
    });
  } finally {
    await stopChild(child);
  }
  const saved = JSON.parse(readFileSync(config, 'utf8')) as { private_keys: string[]; wallet?: { mnemonic?: string } };
  for (const key of saved.private_keys)
    expected.push({
      aspect: 'secret',
      kind: 'raw-private-key',
      contains: key,
      count: 1,
      why: 'account key printed at start',
    });
  expected.push({
    aspect: 'secret',
    kind: 'bip39-mnemonic',
    contains: 'Mnemonic:',
    count: 1,
    why: 'wallet mnemonic printed at start',
  });
  return { logFile, expected };
}

function ganacheCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('ganache/package.json')), 'dist', 'node', 'cli.js');
}

/** ganache's CLI with verbose request logging, sent the personal_* calls that carry keys and passphrases. */
export async function driveGanache(dir: string): Promise<DevNodeLog> {
  const logFile = join(dir, 'ganache.log');
  const keys = join(dir, 'ganache-keys.json');
  const { child, url } = await startLogged(
    process.execPath,
    [
      ganacheCli(),
      '--server.host',
      '127.0.0.1',
      '--server.port',
      String(await freePort()),
      '--logging.verbose',
      '--wallet.accountKeysPath',
      keys,
    ],
    logFile,
    {},
    /RPC Listening on (127\.0\.0\.1:\d+)/,
  );
  const expected: Expected[] = [];
  try {
    await post(url, 'personal_importRawKey', [IMPORTED_KEY, PASSPHRASE]);
    expected.push({
      aspect: 'secret',
      kind: 'raw-private-key',
      contains: IMPORTED_KEY,
      count: 1,
      why: 'key given to personal_importRawKey',
    });
    expected.push({
      aspect: 'secret',
      kind: 'password',
      contains: PASSPHRASE,
      count: 3,
      why: 'passphrase of personal_importRawKey, personal_unlockAccount, personal_newAccount',
    });
    const [from] = (await post(url, 'eth_accounts', [])).result as string[];
    await post(url, 'personal_unlockAccount', [from, PASSPHRASE, 60]);
    await post(url, 'personal_newAccount', [PASSPHRASE]);
    await post(url, 'eth_sendTransaction', [{ from, data: REVERTING_INIT_CODE }]);
    expected.push({
      aspect: 'error',
      classId: 'transaction',
      contains: 'Runtime error: revert',
      count: 1,
      why: 'contract creation reverted',
    });
  } finally {
    await stopChild(child);
  }
  // ganache ships uWebSockets builds for the Node versions it knew; on a newer one it logs the missing
  // build as an error and serves through its fallback: a real error line, expected as such
  const missingUws = readFileSync(logFile, 'utf8').match(/Cannot find module '\.\.\/binaries\/uws_[^']*'/g);
  if (missingUws)
    expected.push({
      aspect: 'error',
      classId: 'other',
      contains: "Cannot find module '../binaries/uws_",
      count: missingUws.length,
      why: 'uWebSockets build missing for this Node version',
    });
  const saved = JSON.parse(readFileSync(keys, 'utf8')) as { private_keys: Record<string, string> };
  for (const key of Object.values(saved.private_keys))
    expected.push({
      aspect: 'secret',
      kind: 'raw-private-key',
      contains: key,
      count: 1,
      why: 'account key printed at start',
    });
  expected.push({
    aspect: 'secret',
    kind: 'bip39-mnemonic',
    contains: 'Mnemonic:',
    count: 1,
    why: 'wallet mnemonic printed at start',
  });
  return { logFile, expected };
}

export function devNodeDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'chainaudit-devnode-logs-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
