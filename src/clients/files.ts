import { isUtf8 } from 'node:buffer';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  opendirSync,
  readSync,
  statSync,
  type Dir,
  type Dirent,
  type Stats,
} from 'node:fs';
import { lstat, open, stat, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.js';

/**
 * The one way chainaudit reads files and walks folders. Every path is checked for its type before
 * anything is opened (FIFOs, sockets and devices such as /dev/zero are refused, never read), reads
 * are bounded and say when they stopped short, and folder walks keep names as raw bytes so names
 * that are not valid UTF-8 are read like any other. Whatever could not be looked at is returned as
 * a named problem, never dropped.
 */

/** A path as the user gave it (string) or as a folder listing returned it (raw bytes). */
export type RawPath = string | Buffer;

export type ProblemReason =
  | 'not-found'
  | 'permission-denied'
  | 'is-directory'
  | 'not-a-directory'
  | 'special-file'
  | 'symlink'
  | 'broken-symlink'
  | 'symlink-loop'
  | 'vanished'
  | 'too-large'
  | 'not-text'
  | 'too-many-entries'
  | 'io-error';

/** Something that could not be looked at, named by its display path. */
export interface FileProblem {
  /** Display form of the path (see displayPath). */
  path: string;
  reason: ProblemReason;
  /** What went wrong, without the path. */
  detail: string;
  /** One line: the path and what went wrong. */
  message: string;
}

/** A path that cannot be read as asked; the CLI prints the message alone and exits 2. */
export class FileInputError extends InputError {
  readonly problem: FileProblem;
  constructor(problem: FileProblem) {
    super(problem.message);
    this.name = 'FileInputError';
    this.problem = problem;
  }
}

const HEX = '0123456789abcdef';
const hexByte = (b: number) => `\\x${HEX[b >> 4]}${HEX[b & 15]}`;

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function utf8Length(b: Uint8Array, i: number): number {
  const c = b[i];
  const cont = (j: number, lo = 0x80, hi = 0xbf) => j < b.length && b[j] >= lo && b[j] <= hi;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f);

/**
 * A path as shown to people: valid UTF-8 as text; every byte that is not part of valid UTF-8, and
 * every control character, as `\xNN`; a backslash as `\\`. Distinct raw paths never look the same,
 * and nothing in a file name can move a terminal's cursor or forge a line of output.
 */
export function displayPath(path: RawPath): string {
  if (typeof path === 'string') {
    let out = '';
    for (const ch of path) {
      const code = ch.codePointAt(0)!;
      out += ch === '\\' ? '\\\\' : isControl(code) ? [...Buffer.from(ch)].map(hexByte).join('') : ch;
    }
    return out;
  }
  let plain = true;
  for (let i = 0; i < path.length && plain; i++) plain = path[i] >= 0x20 && path[i] < 0x7f && path[i] !== 0x5c;
  if (plain) return path.toString('latin1');
  if (isUtf8(path)) return displayPath(path.toString('utf8'));
  let out = '';
  for (let i = 0; i < path.length;) {
    const n = utf8Length(path, i);
    if (n === 0) {
      out += hexByte(path[i]);
      i++;
    } else {
      out += displayPath(path.toString('utf8', i, i + n));
      i += n;
    }
  }
  return out;
}

type SpecialTest = 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice';
const TYPE_NAMES: [SpecialTest, string][] = [
  ['isFIFO', 'a FIFO (named pipe)'],
  ['isSocket', 'a socket'],
  ['isCharacterDevice', 'a character device'],
  ['isBlockDevice', 'a block device'],
];

function specialTypeOf(st: Pick<Stats, SpecialTest>): string {
  for (const [test, name] of TYPE_NAMES) if (st[test]()) return name;
  return 'not a regular file';
}

export function problem(path: string, reason: ProblemReason, detail: string): FileProblem {
  return { path, reason, detail, message: `${path}: ${detail}` };
}

/** A listed entry that is gone when looked at is said to have vanished, not to be missing. */
export function vanishedIfMissing(p: FileProblem): FileProblem {
  return p.reason === 'not-found' ? problem(p.path, 'vanished', 'vanished after it was listed') : p;
}

/** A failed system call on `path` as a named problem. */
export function problemFromError(path: string, err: unknown): FileProblem {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return problem(path, 'not-found', 'no such file or folder');
    case 'EACCES':
    case 'EPERM':
      return problem(path, 'permission-denied', 'permission denied');
    case 'ELOOP':
      return problem(path, 'symlink-loop', 'too many levels of symbolic links (a symlink loop)');
    case 'ENOTDIR':
      return problem(path, 'not-a-directory', 'a component of the path is not a folder');
    case 'EISDIR':
      return problem(path, 'is-directory', 'is a folder, not a file');
    default:
      return problem(
        path,
        'io-error',
        `cannot be read (${code ?? (err instanceof Error ? err.message : String(err))})`,
      );
  }
}

/** Why `st` cannot be read as a regular file, or undefined when it can. */
function notRegular(path: string, st: Stats): FileProblem | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return problem(path, 'is-directory', 'is a folder, not a file');
  if (st.isSymbolicLink()) return problem(path, 'symlink', 'is a symbolic link, not followed');
  return problem(path, 'special-file', `is ${specialTypeOf(st)}, not a regular file; not read`);
}

export interface OpenOptions {
  /** Follow a symbolic link at the path itself (default true: the user named it). */
  followSymlinks?: boolean;
}

/** A regular file, open for reading; close it with closeSync(fd). */
export interface OpenFile {
  fd: number;
  /** Size when opened (files in /proc say 0 and still hold data: read to the end, within bounds). */
  size: number;
  path: string;
}

// O_NONBLOCK: if the path was swapped for a FIFO after the type check, open() must not wait for a writer.
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

function statFailure(path: RawPath, display: string, err: unknown, follow: boolean): FileProblem {
  const p = problemFromError(display, err);
  if (follow && p.reason === 'not-found') {
    try {
      if (lstatSync(path).isSymbolicLink()) return problem(display, 'broken-symlink', 'broken symbolic link');
    } catch {
      // no link there either: not found stands
    }
  }
  return p;
}

/** Opens a regular file after checking its type; anything else throws a FileInputError naming the path. */
export function openRegularFile(path: RawPath, options: OpenOptions = {}): OpenFile {
  const follow = options.followSymlinks ?? true;
  const display = displayPath(path);
  let st: Stats;
  try {
    st = follow ? statSync(path) : lstatSync(path);
  } catch (err) {
    throw new FileInputError(statFailure(path, display, err, follow));
  }
  const refused = notRegular(display, st);
  if (refused) throw new FileInputError(refused);
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS | (follow ? 0 : constants.O_NOFOLLOW));
  } catch (err) {
    throw new FileInputError(problemFromError(display, err));
  }
  try {
    const opened = fstatSync(fd);
    const changed = notRegular(display, opened);
    if (changed) throw new FileInputError(changed);
    return { fd, size: opened.size, path: display };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

export interface ReadLimits extends OpenOptions {
  maxBytes: number;
}

/** The bytes read from a file: all of it, or, when `truncated`, its first `maxBytes`. */
export interface BoundedRead {
  path: string;
  data: Buffer;
  /** The file's size when opened (0 for /proc files, whose size is only known by reading). */
  size: number;
  truncated: boolean;
}

const CHUNK = 64 * 1024;

/** Room for a file of `size` bytes and one more, which tells a file that goes on past `maxBytes`. */
const initialBuffer = (size: number, maxBytes: number): Buffer =>
  Buffer.allocUnsafe(Math.min(maxBytes, size || CHUNK) + 1);

/** The buffer to read on into: `buf` while it has room, a larger copy, or undefined once past `maxBytes`. */
function roomToRead(buf: Buffer, length: number, maxBytes: number): Buffer | undefined {
  if (length < buf.length) return buf;
  if (length > maxBytes) return undefined;
  const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
  buf.copy(grown, 0, 0, length);
  return grown;
}

/** Reads an open file from its start to its end or to `maxBytes`, whichever comes first. */
function readOpen(file: OpenFile, maxBytes: number): BoundedRead {
  let buf = initialBuffer(file.size, maxBytes);
  let length = 0;
  for (;;) {
    const room = roomToRead(buf, length, maxBytes);
    if (!room) break;
    buf = room;
    const n = readSync(file.fd, buf, length, buf.length - length, length);
    if (n <= 0) break;
    length += n;
  }
  const truncated = length > maxBytes;
  return { path: file.path, data: buf.subarray(0, Math.min(length, maxBytes)), size: file.size, truncated };
}

/** Reads at most `maxBytes` of a regular file; `truncated` says the file held more. */
export function readFileBoundedSync(path: RawPath, limits: ReadLimits): BoundedRead {
  const file = openRegularFile(path, limits);
  try {
    return readOpen(file, limits.maxBytes);
  } catch (err) {
    throw new FileInputError(problemFromError(file.path, err));
  } finally {
    closeSync(file.fd);
  }
}

function tooLarge(read: BoundedRead, maxBytes: number): FileInputError {
  const size = read.size > maxBytes ? `${read.size} bytes` : `more than ${maxBytes} bytes`;
  return new FileInputError(
    problem(read.path, 'too-large', `${size} is larger than the ${maxBytes}-byte limit for this file; not read`),
  );
}

/** Reads a whole regular file of at most `maxBytes`; a larger one is refused, never cut short. */
export function readWholeFileSync(path: RawPath, limits: ReadLimits): Buffer {
  const read = readFileBoundedSync(path, limits);
  if (read.truncated) throw tooLarge(read, limits.maxBytes);
  return read.data;
}

/** Reads a whole text file (UTF-8) of at most `maxBytes`; binary data (a NUL byte) is refused. */
export function readTextFileSync(path: RawPath, limits: ReadLimits): string {
  const data = readWholeFileSync(path, limits);
  if (data.includes(0))
    throw new FileInputError(problem(displayPath(path), 'not-text', 'binary data, not a text file'));
  return data.toString('utf8');
}

export interface AsyncReadLimits extends ReadLimits {
  signal?: AbortSignal;
}

/** readFileBoundedSync without blocking the event loop, for large files; honours `signal` between chunks. */
export async function readFileBounded(path: RawPath, limits: AsyncReadLimits): Promise<BoundedRead> {
  const follow = limits.followSymlinks ?? true;
  const display = displayPath(path);
  let st: Stats;
  try {
    st = follow ? await stat(path) : await lstat(path);
  } catch (err) {
    throw new FileInputError(statFailure(path, display, err, follow));
  }
  const refused = notRegular(display, st);
  if (refused) throw new FileInputError(refused);
  let handle: FileHandle;
  try {
    handle = await open(path, READ_FLAGS | (follow ? 0 : constants.O_NOFOLLOW));
  } catch (err) {
    throw new FileInputError(problemFromError(display, err));
  }
  try {
    const opened = await handle.stat();
    const changed = notRegular(display, opened);
    if (changed) throw new FileInputError(changed);
    const maxBytes = limits.maxBytes;
    let buf = initialBuffer(opened.size, maxBytes);
    let length = 0;
    for (;;) {
      limits.signal?.throwIfAborted();
      const room = roomToRead(buf, length, maxBytes);
      if (!room) break;
      buf = room;
      const { bytesRead } = await handle.read(buf, length, Math.min(buf.length - length, 16 * CHUNK), length);
      if (bytesRead <= 0) break;
      length += bytesRead;
    }
    return {
      path: display,
      data: buf.subarray(0, Math.min(length, maxBytes)),
      size: opened.size,
      truncated: length > maxBytes,
    };
  } catch (err) {
    if (err instanceof FileInputError || limits.signal?.aborted) throw err;
    throw new FileInputError(problemFromError(display, err));
  } finally {
    await handle.close();
  }
}

// ---- Folder walks ------------------------------------------------------------------------------

export interface WalkOptions {
  /** Stop after this many folder entries (files, folders, links, others), reporting it as a problem. */
  maxEntries?: number;
  /** Folder names not entered (compared byte for byte with each name). */
  excludeNames?: string[];
  /** Follow symbolic links below the root (the root itself is always followed: the user named it). */
  followSymlinks?: boolean;
  signal?: AbortSignal;
}

/** A regular file found by a walk. */
export interface WalkedFile {
  /** Raw path to open (the root joined with the raw names below it). */
  path: Buffer;
  /** Display form of the path relative to the root, with `/` separators (the root's own path for a file root). */
  relative: string;
  size: number;
}

export type SkipReason = 'symlink' | 'special-file' | 'excluded' | 'already-walked';

/** An entry deliberately not read: it is named, with why. */
export interface SkippedEntry {
  path: string;
  reason: SkipReason;
  detail: string;
}

export interface WalkResult {
  /** Display form of the root. */
  root: string;
  rootIsFile: boolean;
  files: WalkedFile[];
  skipped: SkippedEntry[];
  /** Entries that could not be looked at: permission denied, vanished, broken link, loop, entry limit. */
  problems: FileProblem[];
  /** Folder entries seen. */
  entries: number;
}

export const DEFAULT_MAX_WALK_ENTRIES = 2_000_000;
const YIELD_EVERY_MS = 50;
const SLASH = Buffer.from('/');

/** Node reads raw names from opendir with encoding 'buffer'; its type declarations only know strings. */
function openRawDir(path: Buffer): Dir {
  return opendirSync(path as unknown as string, { encoding: 'buffer' as BufferEncoding, bufferSize: 256 });
}

const fileKey = (st: Stats) => `${st.dev}:${st.ino}`;

interface Pending {
  dir: Buffer;
  relative: Buffer | undefined;
  /** Folders (device:inode) from the root down to this one, to tell a symlink loop from a second path. */
  ancestors: Set<string>;
}

/**
 * Lists the regular files under `root` (or `root` itself when it is a file), depth first: in each
 * folder its files, then its subfolders, each in byte order of names. Symbolic links below the root are skipped unless `followSymlinks`; FIFOs,
 * sockets and devices are skipped by name and never opened. Throws a FileInputError when the
 * root itself cannot be read; everything below it that cannot be read is in `problems`.
 */
export async function walkFiles(root: RawPath, options: WalkOptions = {}): Promise<WalkResult> {
  const rawRoot = typeof root === 'string' ? Buffer.from(root) : root;
  const result: WalkResult = {
    root: displayPath(rawRoot),
    rootIsFile: false,
    files: [],
    skipped: [],
    problems: [],
    entries: 0,
  };
  let rootStat: Stats;
  try {
    rootStat = statSync(rawRoot);
  } catch (err) {
    throw new FileInputError(statFailure(rawRoot, result.root, err, true));
  }
  if (rootStat.isFile()) {
    result.rootIsFile = true;
    result.files.push({ path: rawRoot, relative: result.root, size: rootStat.size });
    return result;
  }
  if (!rootStat.isDirectory()) throw new FileInputError(notRegular(result.root, rootStat)!);

  const maxEntries = options.maxEntries ?? DEFAULT_MAX_WALK_ENTRIES;
  const excluded = new Set((options.excludeNames ?? []).map((n) => Buffer.from(n).toString('latin1')));
  const follow = options.followSymlinks ?? false;
  const stack: Pending[] = [{ dir: rawRoot, relative: undefined, ancestors: new Set([fileKey(rootStat)]) }];
  const walked = new Set<string>([fileKey(rootStat)]);
  let lastYield = Date.now();
  let first = true;

  while (stack.length) {
    if (Date.now() - lastYield >= YIELD_EVERY_MS) {
      options.signal?.throwIfAborted();
      await new Promise((r) => setImmediate(r));
      lastYield = Date.now();
    }
    options.signal?.throwIfAborted();
    const { dir, relative, ancestors } = stack.pop()!;
    const dirDisplay = relative ? displayPath(relative) : result.root;
    let entries: Dirent<Buffer>[];
    try {
      entries = readEntries(dir, maxEntries - result.entries + 1);
    } catch (err) {
      const p = problemFromError(dirDisplay, err);
      if (first) throw new FileInputError(p);
      result.problems.push(vanishedIfMissing(p));
      continue;
    }
    first = false;
    if (result.entries + entries.length > maxEntries) {
      entries = entries.slice(0, maxEntries - result.entries);
      result.entries = maxEntries;
      result.problems.push(
        problem(result.root, 'too-many-entries', `more than ${maxEntries} entries; the walk stopped at ${dirDisplay}`),
      );
      stack.length = 0;
    } else result.entries += entries.length;
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    const subdirs: Pending[] = [];
    for (const entry of entries) {
      const rel = relative ? Buffer.concat([relative, SLASH, entry.name]) : entry.name;
      const path = Buffer.concat([dir, SLASH, entry.name]);
      const show = () => displayPath(rel);
      let st: Stats | undefined;
      if (entry.isSymbolicLink()) {
        if (!follow) {
          result.skipped.push({ path: show(), reason: 'symlink', detail: 'symbolic link, not followed' });
          continue;
        }
        try {
          st = statSync(path);
        } catch (err) {
          result.problems.push(statFailure(path, show(), err, true));
          continue;
        }
      }
      const isDir = st ? st.isDirectory() : entry.isDirectory();
      const isFile = st ? st.isFile() : entry.isFile();
      if (isDir) {
        if (excluded.has(entry.name.toString('latin1'))) {
          result.skipped.push({ path: show(), reason: 'excluded', detail: 'excluded folder' });
          continue;
        }
        if (follow) {
          try {
            st ??= lstatSync(path);
          } catch (err) {
            result.problems.push(vanishedIfMissing(problemFromError(show(), err)));
            continue;
          }
          const key = fileKey(st);
          if (ancestors.has(key)) {
            result.problems.push(problem(show(), 'symlink-loop', 'symbolic link loop (points at a folder above it)'));
            continue;
          }
          if (walked.has(key)) {
            result.skipped.push({
              path: show(),
              reason: 'already-walked',
              detail: 'folder already walked through another path',
            });
            continue;
          }
          walked.add(key);
          subdirs.push({ dir: path, relative: rel, ancestors: new Set([...ancestors, key]) });
        } else subdirs.push({ dir: path, relative: rel, ancestors });
      } else if (isFile) {
        try {
          st ??= lstatSync(path);
        } catch (err) {
          result.problems.push(vanishedIfMissing(problemFromError(show(), err)));
          continue;
        }
        result.files.push({ path, relative: show(), size: st.size });
      } else {
        let kind = 'not a regular file';
        try {
          kind = specialTypeOf(st ?? lstatSync(path));
        } catch {
          // vanished meanwhile: the entry's own type is enough to skip it
        }
        result.skipped.push({ path: show(), reason: 'special-file', detail: `${kind}, not read` });
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return result;
}

/** A folder's entries, at most `limit` of them (the walk reports the rest as a problem). */
function readEntries(dir: Buffer, limit: number): Dirent<Buffer>[] {
  const handle = openRawDir(dir);
  const entries: Dirent<Buffer>[] = [];
  try {
    for (let e = handle.readSync(); e && entries.length < limit; e = handle.readSync())
      entries.push(e as unknown as Dirent<Buffer>);
  } finally {
    handle.closeSync();
  }
  return entries;
}
