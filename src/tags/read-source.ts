/**
 * Reads one file for parsing and decides whether it is text. A file that vanished, cannot be
 * read, is not a regular file, holds more bytes than allowed or holds a NUL byte early on is a
 * skip with a reason, never an exception. Reading is bounded by the bytes actually read, not by
 * what `stat` says: `/proc`-like files report size 0 and may never end.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { SkipReason } from '../types.js';

/**
 * The most any read takes when the caller has no --max-file-bytes to pass (snippets and
 * `inspect` re-read files a build already accepted): only a guard against a file without end.
 */
export const READ_CEILING_BYTES = 256 * 1024 * 1024;
/** The first buffer for a file whose stat says it is tiny or empty (`/proc` files say 0). */
const MIN_READ_BYTES = 4096;

/** Like git: a NUL byte in the first 8000 bytes marks a binary file. */
const BINARY_SNIFF_BYTES = 8000;

/** The reasons a read skips a file for (before any grammar sees it). */
export const READ_SKIP_REASONS: ReadonlySet<SkipReason> = new Set<SkipReason>(['too-large', 'binary', 'unreadable', 'vanished', 'not-a-file']);

export type ReadSourceResult =
  | { ok: true; text: string; bytes: Buffer }
  /** `bytes` is there for a binary file, so it can still be hashed. */
  | { ok: false; reason: SkipReason; detail: string; bytes?: Buffer };

/**
 * Synchronous on purpose: a build reads thousands of small files back to back on a thread that
 * has nothing else to do, and awaiting each read left it idle ~20 % of the time.
 */
export function readSource(absPath: string, maxBytes = READ_CEILING_BYTES): ReadSourceResult {
  let bytes: Buffer;
  try {
    const read = readBounded(absPath, maxBytes);
    if ('reason' in read) return { ok: false, ...read };
    bytes = read.bytes;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'vanished', detail: 'deleted during the build' };
    if (code === 'EISDIR') return { ok: false, reason: 'not-a-file', detail: 'is a directory' };
    return { ok: false, reason: 'unreadable', detail: code ?? String(error) };
  }
  const utf16 = decodeUtf16(bytes);
  if (utf16 !== undefined) return { ok: true, text: utf16, bytes };
  if (isBinary(bytes)) return { ok: false, reason: 'binary', detail: 'contains NUL bytes', bytes };
  return { ok: true, text: bytes.toString('utf8'), bytes };
}

/**
 * At most maxBytes + 1 bytes of a regular file. Opened without blocking, so a FIFO or device
 * that slipped past discovery is refused instead of waited on.
 */
function readBounded(absPath: string, maxBytes: number): { bytes: Buffer } | { reason: SkipReason; detail: string } {
  const fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { reason: 'not-a-file', detail: 'special file' };
    if (stats.size > maxBytes) return { reason: 'too-large', detail: `${stats.size} bytes > ${maxBytes}` };
    // A file that reports its size is read up to it, in one read, as readFileSync does; one that
    // reports 0 (`/proc`) is read until it ends or passes the bound.
    let buffer = Buffer.allocUnsafe(stats.size > 0 ? stats.size : Math.min(MIN_READ_BYTES, maxBytes + 1));
    let length = 0;
    for (;;) {
      if (stats.size > 0 && length === stats.size) return { bytes: buffer };
      if (length === buffer.length) {
        if (length > maxBytes) return { reason: 'too-large', detail: `more than ${maxBytes} bytes read` };
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return { bytes: buffer.subarray(0, length) };
      length += read;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * UTF-16 text with a byte-order mark (Windows editors write it): decoded, BOM dropped, instead
 * of being taken for binary because of its NUL bytes. Undefined for anything else.
 */
function decodeUtf16(bytes: Buffer): string | undefined {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return undefined;
}

export function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/** The content identity the caches use: SHA-1 of the file's bytes, hex. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}
