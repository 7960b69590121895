import type { Confidence } from '../../model.js';
import type { EncryptedKeyRecord, SecretKind } from './types.js';

/** A detector's raw result: an offset into the scanned text, the secret itself (never printed) and its validation. */
export interface Hit {
  kind: SecretKind;
  offset: number;
  secret: string;
  /** Masked form shown to people; defaults to maskSecret(secret). */
  preview?: string;
  confidence: Confidence;
  detail: string;
  wellKnown?: string;
  /** Key material that does not parse whole (a damaged or truncated block). */
  damaged?: boolean;
}

export interface EncryptedHit {
  kind: EncryptedKeyRecord['kind'];
  offset: number;
  detail: string;
}

/** Where detectors report to; `file` is the path relative to the scan root (used for file-name rules). */
export interface HitSink {
  readonly file: string;
  hit(h: Hit): void;
  encrypted(e: EncryptedHit): void;
}

/** The start of the line holding `offset`, looking back at most `max` characters. */
export function linePrefix(text: string, offset: number, max = 160): string {
  const from = Math.max(0, offset - max);
  const nl = text.lastIndexOf('\n', offset - 1);
  return text.slice(Math.max(from, nl + 1), offset);
}
