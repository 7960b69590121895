import net from 'node:net';
import tls from 'node:tls';

export class TcpError extends Error {
  constructor(
    message: string,
    readonly code: 'refused' | 'timeout' | 'network' | 'closed' | 'too-large' | 'aborted',
  ) {
    super(message);
    this.name = 'TcpError';
  }
}

export interface TcpOptions {
  host: string;
  port: number;
  /** Deadline for the whole conversation, connect included. */
  timeoutMs?: number;
  /** Bound on everything read from the peer. */
  maxBytes?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BYTES = 256 * 1024;

/**
 * A bounded raw TCP conversation: connect, write, read until a condition holds. The deadline
 * covers the whole exchange, so a peer that drips bytes cannot hold the probe.
 */
export class TcpConversation {
  private buffer = Buffer.alloc(0);
  private total = 0;
  private closed = false;
  private failure: TcpError | undefined;
  private waiter: (() => void) | undefined;
  private timer: NodeJS.Timeout;
  private readonly onAbort = () => this.fail(new TcpError('aborted', 'aborted'));

  private constructor(
    private readonly socket: net.Socket,
    private readonly opts: Required<Pick<TcpOptions, 'timeoutMs' | 'maxBytes'>> & TcpOptions,
  ) {
    this.timer = setTimeout(
      () => this.fail(new TcpError(`${opts.host}:${opts.port} did not finish within ${opts.timeoutMs} ms`, 'timeout')),
      opts.timeoutMs,
    );
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    socket.on('data', (chunk: Buffer) => {
      this.total += chunk.length;
      if (this.total > this.opts.maxBytes) {
        this.fail(new TcpError(`${opts.host}:${opts.port} sent more than ${opts.maxBytes} bytes`, 'too-large'));
        return;
      }
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', (e) => this.fail(new TcpError(`${opts.host}:${opts.port}: ${e.message}`, 'network')));
  }

  static connect(options: TcpOptions): Promise<TcpConversation> {
    const opts = { timeoutMs: DEFAULT_TIMEOUT_MS, maxBytes: DEFAULT_MAX_BYTES, ...options };
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new TcpError('aborted', 'aborted'));
      const socket = net.connect({ host: opts.host, port: opts.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TcpError(`no connection to ${opts.host}:${opts.port} within ${opts.timeoutMs} ms`, 'timeout'));
      }, opts.timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new TcpConversation(socket, opts));
      });
      socket.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        reject(
          new TcpError(`${opts.host}:${opts.port}: ${e.message}`, e.code === 'ECONNREFUSED' ? 'refused' : 'network'),
        );
      });
    });
  }

  private fail(err: TcpError): void {
    if (!this.failure) this.failure = err;
    this.socket.destroy();
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  write(data: Buffer | string): void {
    if (!this.closed && !this.failure) this.socket.write(data);
  }

  /**
   * Waits until `take` finds a complete unit in the buffered bytes and returns its length; the
   * unit is consumed and returned. Rejects on close, timeout or overflow.
   */
  async read(take: (buffered: Buffer) => number | undefined): Promise<Buffer> {
    for (;;) {
      const n = take(this.buffer);
      if (n !== undefined) {
        const unit = this.buffer.subarray(0, n);
        this.buffer = this.buffer.subarray(n);
        return unit;
      }
      if (this.failure) throw this.failure;
      if (this.closed) throw new TcpError(`${this.opts.host}:${this.opts.port} closed the connection`, 'closed');
      await new Promise<void>((r) => (this.waiter = r));
    }
  }

  /** Reads up to and including the next LF. */
  readLine(maxLine = 8192): Promise<Buffer> {
    return this.read((b) => {
      const i = b.indexOf(0x0a);
      if (i >= 0) return i + 1;
      if (b.length > maxLine)
        throw new TcpError(`line longer than ${maxLine} bytes from ${this.opts.host}:${this.opts.port}`, 'too-large');
      return undefined;
    });
  }

  readBytes(n: number): Promise<Buffer> {
    return this.read((b) => (b.length >= n ? n : undefined));
  }

  /**
   * Continues the conversation inside TLS on the same connection (PostgreSQL after 'S', SMTP
   * STARTTLS). The certificate is recorded by the caller, not verified: probes inspect, they do not trust.
   */
  async startTls(servername?: string): Promise<TcpConversation> {
    if (this.buffer.length) throw new TcpError('unexpected bytes before the TLS handshake', 'network');
    this.socket.removeAllListeners('data');
    const secure = tls.connect({
      socket: this.socket,
      rejectUnauthorized: false,
      servername: servername && !net.isIP(servername) ? servername : undefined,
    });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      secure.once('error', (e) =>
        reject(new TcpError(`TLS handshake with ${this.opts.host}:${this.opts.port}: ${e.message}`, 'network')),
      );
    });
    secure.removeAllListeners('error');
    clearTimeout(this.timer);
    return new TcpConversation(secure, this.opts);
  }

  close(): void {
    clearTimeout(this.timer);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.socket.destroy();
  }
}

/** Runs `fn` over a fresh conversation and always closes it. */
export async function withTcp<T>(options: TcpOptions, fn: (c: TcpConversation) => Promise<T>): Promise<T> {
  const conv = await TcpConversation.connect(options);
  try {
    return await fn(conv);
  } finally {
    conv.close();
  }
}

export type PortState = 'open' | 'closed' | 'filtered';

/** Plain connect test: open (accepted), closed (refused) or filtered (no answer in time). */
export async function probePort(
  host: string,
  port: number,
  timeoutMs = 1_500,
  signal?: AbortSignal,
): Promise<PortState> {
  try {
    const c = await TcpConversation.connect({ host, port, timeoutMs, signal });
    c.close();
    return 'open';
  } catch (e) {
    if (e instanceof TcpError && e.code === 'refused') return 'closed';
    return 'filtered';
  }
}
