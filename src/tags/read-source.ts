/**
 * Reads one file for parsing and decides whether it is text. A file that vanished, cannot be
 * read or holds a NUL byte early on is a skip with a reason, never an exception.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SkipReason } from '../types.js';

/** Like git: a NUL byte in the first 8000 bytes marks a binary file. */
const BINARY_SNIFF_BYTES = 8000;

export type ReadSourceResult =
  | { ok: true; text: string; bytes: Buffer }
  /** `bytes` is there for a binary file, so it can still be hashed. */
  | { ok: false; reason: SkipReason; detail: string; bytes?: Buffer };

/**
 * Synchronous on purpose: a build reads thousands of small files back to back on a thread that
 * has nothing else to do, and awaiting each read left it idle ~20 % of the time.
 */
export function readSource(absPath: string): ReadSourceResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'vanished', detail: 'deleted during the build' };
    if (code === 'EISDIR') return { ok: false, reason: 'not-a-file', detail: 'is a directory' };
    return { ok: false, reason: 'unreadable', detail: code ?? String(error) };
  }
  if (isBinary(bytes)) return { ok: false, reason: 'binary', detail: 'contains NUL bytes', bytes };
  return { ok: true, text: bytes.toString('utf8'), bytes };
}

export function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/** The content identity the caches use: SHA-1 of the file's bytes, hex. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}
