/**
 * Assembles map text from a prefix of the ranked list (SPEC A7): entries grouped by file, files
 * in path order, a file with definitions as `path:` plus its snippet, a bare file as its path,
 * every snippet line cut to 100 characters. Path lines are never cut (a cut path names a file
 * that does not exist) and a path with control characters is quoted the way git quotes it
 * (`"dir/a\nb.py"`), so every line of the map stays one line.
 */
import { compareCodePoints } from '../paths.js';
import type { RankedEntry } from '../types.js';

export const MAX_LINE_CHARS = 100;

/** Per file of a prefix: its lines of interest, or null for a bare file. */
export type PrefixFiles = Map<string, Set<number> | null>;

export function collectPrefixFiles(entries: readonly RankedEntry[], count: number): PrefixFiles {
  const files: PrefixFiles = new Map();
  for (let i = 0; i < count; i++) {
    const entry = entries[i]!;
    let lines = files.get(entry.relPath);
    if (entry.type === 'definition') {
      if (!lines) files.set(entry.relPath, (lines = new Set()));
      for (const line of entry.lines) lines.add(line);
    } else if (lines === undefined) {
      files.set(entry.relPath, null);
    }
  }
  return files;
}

export function sortedPaths(files: PrefixFiles): string[] {
  return [...files.keys()].sort(compareCodePoints);
}

/** Cuts a line to its first 100 characters (code points, as Python counts them). */
export function truncateLine(line: string): string {
  if (line.length <= MAX_LINE_CHARS) return line;
  let cut = 0;
  let count = 0;
  while (cut < line.length && count < MAX_LINE_CHARS) {
    const code = line.charCodeAt(cut);
    cut += code >= 0xd800 && code <= 0xdbff && cut + 1 < line.length ? 2 : 1;
    count++;
  }
  return line.slice(0, cut);
}

/** C0 controls, DEL and C1 controls: they would break a map line or the terminal showing it. */
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const C_ESCAPES: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

/** A path as the map shows it: as is, or git-style quoted when it holds control characters. */
export function displayPath(relPath: string): string {
  if (!CONTROL_CHARS.test(relPath)) return relPath;
  const escaped = relPath.replace(/[\u0000-\u001f\u007f-\u009f"\\]/g, (char) => C_ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `"${escaped}"`;
}

/** The block of one file: "\n" + path + ":\n" + snippet, or "\n" + path + "\n" when bare. */
export function renderBlock(relPath: string, snippet: string | null): string {
  if (snippet === null) return `\n${displayPath(relPath)}\n`;
  let block = `\n${displayPath(relPath)}:\n`;
  for (const line of snippet.split('\n')) {
    if (line) block += `${truncateLine(line)}\n`;
  }
  return block;
}
