import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { anvilBinary } from '../../src/nodes/anvil.js';
import { prerequisite } from '../support/prereq.js';

function anvilPresent(): boolean {
  try {
    return existsSync(anvilBinary());
  } catch {
    return false;
  }
}

/** Running, not merely a zombie left for an init that does not reap (common in containers). */
function isAlive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

const holder = fileURLToPath(new URL('./hold-anvil.ts', import.meta.url));
const started: number[] = [];
// should the tool fail to stop a node, the test does, so no anvil outlives the suite
afterAll(() => {
  for (const pid of started.filter(isAlive)) process.kill(pid, 'SIGKILL');
});

describe.runIf(prerequisite('anvil', anvilPresent(), 'npm install (@foundry-rs/anvil)'))(
  'node cleanup on signals',
  () => {
    function holdAnvil(mode?: 'throw') {
      const child = spawn(process.execPath, ['--import', 'tsx', holder, ...(mode ? [mode] : [])], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
        child.once('exit', (code, signal) => r({ code, signal })),
      );
      const pid = new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^(\d+)\n/.exec(out);
          if (m) {
            started.push(Number(m[1]));
            resolve(Number(m[1]));
          }
        });
        child.once('exit', (code) => reject(new Error(`holder exited before reporting the node (${code})`)));
      });
      return { child, pid, exited };
    }

    async function expectGone(pid: number) {
      // SIGKILL is immediate but the kernel reaps asynchronously
      for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
      expect(isAlive(pid)).toBe(false);
    }

    it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s to the tool stops the anvil it started', async (signal) => {
      const h = holdAnvil();
      const pid = await h.pid;
      expect(isAlive(pid)).toBe(true);
      h.child.kill(signal);
      expect((await h.exited).signal).toBe(signal);
      await expectGone(pid);
    });

    it('an uncaught error in the tool stops the anvil it started', async () => {
      const h = holdAnvil('throw');
      const pid = await h.pid;
      const { code } = await h.exited;
      expect(code).not.toBe(0);
      await expectGone(pid);
    });
  },
);
