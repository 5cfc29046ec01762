/**
 * Path helpers. `relPath` is always POSIX-style and relative to the repository root; `absPath`
 * is a native absolute path. Ordering is by Unicode code point (not UTF-16 unit) so paths sort
 * the same way everywhere.
 */
import path from 'node:path';

export function toAbsPath(root: string, relPath: string): string {
  return path.join(root, ...relPath.split('/'));
}

/** Compares two strings by code point, as Python does (UTF-16 order differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate === ySurrogate) return x - y;
    // A surrogate encodes a code point above U+FFFF, which sorts after every BMP character.
    return xSurrogate ? 1 : -1;
  }
  return a.length - b.length;
}

/** True when `relPath` is `prefix` itself or lies below the directory `prefix`. */
export function isWithin(relPath: string, prefix: string): boolean {
  if (prefix === '' || prefix === '.') return true;
  return relPath === prefix || relPath.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}
