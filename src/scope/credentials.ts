import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { CredentialRef } from './schema.js';

const MAX_SECRET_FILE_BYTES = 64 * 1024;

/** Resolves a credential reference at the moment it is needed; the value is never stored or printed. */
export function resolveCredential(ref: CredentialRef, baseDir: string): string {
  if ('env' in ref) {
    const value = process.env[ref.env];
    if (value === undefined || value === '')
      throw new InputError(`credential environment variable ${ref.env} is not set`);
    return value;
  }
  const path = resolve(baseDir, ref.file);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new InputError(`credential file ${ref.file} cannot be read`);
  }
  if (size > MAX_SECRET_FILE_BYTES)
    throw new InputError(`credential file ${ref.file} is larger than ${MAX_SECRET_FILE_BYTES} bytes`);
  return readFileSync(path, 'utf8').trim();
}
