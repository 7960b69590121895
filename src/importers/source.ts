import { createHash } from 'node:crypto';
import { closeSync, createReadStream } from 'node:fs';
import { openRegularFile } from '../clients/files.js';
import { InputError } from '../errors.js';
import { JsonSelector, JsonStreamError, pathText, type PathSegment, type Selected } from './json-stream.js';
import type { ImportInput } from './types.js';

export interface SourceLimits {
  /** The largest file read at all. */
  maxFileBytes: number;
  /** The largest single value (a SARIF result, a Trivy target) or JSON line. */
  maxValueBytes: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = { maxFileBytes: 2 * 1024 ** 3, maxValueBytes: 64 * 1024 ** 2 };

const CHUNK = 1 << 20;

/**
 * A report file read once, as a stream: its type and size checked before it is opened, its bytes
 * hashed while they are parsed, a byte-order mark dropped. Errors name the file.
 */
export class ImportSource implements ImportInput {
  readonly hash = createHash('sha256');
  bytes = 0;
  private used = false;

  constructor(
    readonly file: string,
    readonly describes: string,
    private readonly limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
  ) {
    const opened = openRegularFile(file);
    closeSync(opened.fd);
    if (opened.size > limits.maxFileBytes)
      throw new InputError(
        `${file}: ${opened.size} bytes is larger than the ${limits.maxFileBytes}-byte limit for an imported report`,
      );
  }

  private async *chunks(): AsyncGenerator<Buffer> {
    if (this.used) throw new Error('internal: an import source is read once');
    this.used = true;
    const stream = createReadStream(this.file, { highWaterMark: CHUNK });
    let first = true;
    try {
      for await (const raw of stream as AsyncIterable<Buffer>) {
        this.bytes += raw.length;
        if (this.bytes > this.limits.maxFileBytes)
          throw new InputError(`${this.file}: grew past the ${this.limits.maxFileBytes}-byte limit while being read`);
        this.hash.update(raw);
        let chunk = raw;
        if (first) {
          first = false;
          if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
        }
        yield chunk;
      }
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(`${this.file}: cannot read the file: ${(err as Error).message}`);
    } finally {
      stream.destroy();
    }
  }

  private notJson(err: JsonStreamError): InputError {
    return new InputError(
      `${this.file}: not ${this.describes}: not valid JSON at byte ${err.offset} (${err.path}): ${err.message}`,
    );
  }

  async *select(patterns: PathSegment[][], presence: PathSegment[][] = []): AsyncGenerator<Selected> {
    const selector = new JsonSelector(patterns, { maxValueBytes: this.limits.maxValueBytes, maxDepth: 512 }, presence);
    try {
      for await (const chunk of this.chunks()) yield* selector.write(chunk);
      selector.end();
    } catch (err) {
      if (err instanceof JsonStreamError) throw this.notJson(err);
      throw err;
    }
  }

  async *lines(): AsyncGenerator<{ line: number; value: unknown }> {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let line = 0;
    const parse = (buf: Buffer) => {
      line++;
      const text = buf.toString('utf8').trim();
      if (!text) return undefined;
      try {
        return { line, value: JSON.parse(text) as unknown };
      } catch (err) {
        throw new InputError(`${this.file}:${line}: not ${this.describes}: not a JSON line: ${(err as Error).message}`);
      }
    };
    for await (const chunk of this.chunks()) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a, start); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, nl);
        const whole = pending.length ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        pendingBytes = 0;
        const parsed = parse(whole);
        if (parsed) yield parsed;
        start = nl + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > this.limits.maxValueBytes)
          throw new InputError(`${this.file}:${line + 1}: a line longer than ${this.limits.maxValueBytes} bytes`);
      }
    }
    if (pending.length) {
      const parsed = parse(Buffer.concat(pending));
      if (parsed) yield parsed;
    }
  }

  async firstByte(): Promise<string> {
    const opened = openRegularFile(this.file);
    try {
      const { readSync } = await import('node:fs');
      const buf = Buffer.alloc(4096);
      const n = readSync(opened.fd, buf, 0, buf.length, 0);
      const text = buf
        .subarray(0, n)
        .toString('utf8')
        .replace(/^\ufeff/, '')
        .trimStart();
      return text.slice(0, 1);
    } finally {
      closeSync(opened.fd);
    }
  }

  sha256(): string {
    return this.hash.digest('hex');
  }
}

export { pathText };
