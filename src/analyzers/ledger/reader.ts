import { open, type FileHandle } from 'node:fs/promises';

/**
 * Sequential reads from a file of any size through one fixed window, so memory stays flat: only
 * the window and the record being returned are held.
 */
export class ChunkReader {
  private window: Buffer;
  private start = 0;
  private end = 0;
  private filePos = 0;
  private eof = false;
  /** Absolute offset of the next unread byte. */
  offset = 0;

  private constructor(
    private readonly fh: FileHandle,
    readonly size: number,
    windowBytes: number,
  ) {
    this.window = Buffer.allocUnsafe(windowBytes);
  }

  static async open(path: string, windowBytes = 4 << 20): Promise<ChunkReader> {
    const fh = await open(path, 'r');
    const st = await fh.stat();
    return new ChunkReader(fh, st.size, windowBytes);
  }

  get available(): number {
    return this.end - this.start;
  }

  get done(): boolean {
    return this.eof && this.start === this.end;
  }

  /** Ensures `n` bytes are buffered unless the file ends first; returns how many are. */
  async fill(n: number): Promise<number> {
    if (this.available >= n || this.eof) return this.available;
    if (n > this.window.length) {
      const bigger = Buffer.allocUnsafe(Math.max(n, this.window.length * 2));
      this.window.copy(bigger, 0, this.start, this.end);
      this.window = bigger;
    } else if (this.start > 0) this.window.copy(this.window, 0, this.start, this.end);
    this.end -= this.start;
    this.start = 0;
    while (this.end < n && !this.eof) {
      const { bytesRead } = await this.fh.read(this.window, this.end, this.window.length - this.end, this.filePos);
      if (bytesRead === 0) this.eof = true;
      this.filePos += bytesRead;
      this.end += bytesRead;
    }
    return this.available;
  }

  /** A view of the next `n` buffered bytes (valid until the next fill). */
  peek(n: number): Buffer {
    return this.window.subarray(this.start, this.start + Math.min(n, this.available));
  }

  /** Consumes `n` buffered bytes and returns a copy of them. */
  take(n: number): Buffer {
    const out = Buffer.from(this.window.subarray(this.start, this.start + n));
    this.skip(n);
    return out;
  }

  skip(n: number): void {
    const k = Math.min(n, this.available);
    this.start += k;
    this.offset += k;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
