import { resolve } from 'node:path';
import { FileInputError, readTextFileSync } from '../clients/files.js';
import { errorMessage, InputError } from '../errors.js';
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
  try {
    return readTextFileSync(resolve(baseDir, ref.file), { maxBytes: MAX_SECRET_FILE_BYTES }).trim();
  } catch (e) {
    throw new InputError(
      `credential file ${ref.file}: ${e instanceof FileInputError ? e.problem.detail : errorMessage(e)}`,
    );
  }
}
