import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared fixture tree (real chain data, provenance in its README), checked out beside the repository. */
export const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

export function fixture(rel: string): string {
  return `${FIXTURES}${rel}`;
}

export function fixtureJson<T = unknown>(rel: string): T {
  return JSON.parse(readFileSync(fixture(rel), 'utf8')) as T;
}
