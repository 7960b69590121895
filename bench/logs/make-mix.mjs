// Builds a mix of real logs of about `bytes` bytes in `dir`, from the logs the real software wrote
// in test/logs/fixtures. Each file repeats blocks of one kind of log: the whole real log once (its
// errors, failed logins, crashes and secrets), then its ordinary lines — those holding none of the
// classifier's anchors — `ordinary` more times, so that events are as rare as in a node's
// everyday logs; addresses, ports and peer numbers vary from copy to copy.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const FIXTURES = fileURLToPath(new URL('../../test/logs/fixtures/', import.meta.url));

/** Output file, its share of the mix, and the fixture files whose lines it repeats. */
const KINDS = [
  {
    file: 'debug.log',
    share: 0.4,
    ordinary: 20,
    from: ['litecoind/debug.log.2.gz', 'litecoind/debug.log.1', 'litecoind/debug.log'],
  },
  { file: 'auth.log', share: 0.15, ordinary: 10, from: ['sshd/auth-rfc3339.log'] },
  { file: 'access.log', share: 0.2, ordinary: 200, from: ['nginx/access.log', 'nginx/error.log'] },
  { file: 'anvil.log', share: 0.1, ordinary: 50, from: ['devnodes/anvil-random.log', 'devnodes/ganache.log'] },
  { file: 'journal.json', share: 0.1, ordinary: 10, from: ['sshd/journal.json'] },
  { file: 'redis.log', share: 0.05, ordinary: 20, from: ['redis/redis.log', 'postgresql/postgresql.log'] },
];

function read(rel) {
  const raw = readFileSync(join(FIXTURES, rel));
  return (rel.endsWith('.gz') ? gunzipSync(raw) : raw).toString('latin1');
}

/** A copy of the text with its ports and the last octet of loopback addresses changed. */
function vary(text, n) {
  return text
    .replace(/127\.0\.0\.1/g, `10.${(n >> 8) & 255}.${n & 255}.${((n * 7) % 250) + 1}`)
    .replace(/port (\d+)/g, (_, p) => `port ${(Number(p) + n) % 65536}`)
    .replace(/peer=(\d+)/g, (_, p) => `peer=${Number(p) + n}`);
}

export function makeLogMix(dir, bytes, anchors) {
  const written = {};
  for (const kind of KINDS) {
    const whole = kind.from.map(read).join('\n');
    const ordinary = whole
      .split('\n')
      .filter((l) => l.trim() !== '' && !anchors.some((a) => l.includes(a)))
      .join('\n');
    const template = [whole, ...Array(kind.ordinary).fill(ordinary)].join('\n');
    const target = Math.round(bytes * kind.share);
    const fd = openSync(join(dir, kind.file), 'w');
    let size = 0;
    for (let n = 0; size < target; n++) {
      const piece = Buffer.from(vary(template, n), 'latin1');
      writeSync(fd, piece);
      size += piece.length;
    }
    closeSync(fd);
    written[kind.file] = size;
  }
  return written;
}
