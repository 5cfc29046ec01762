/**
 * Assembles map text from a prefix of the ranked list (SPEC A7): entries grouped by file, files
 * in path order, a file with definitions as `path:` plus its snippet, a bare file as its path,
 * every line cut to 100 characters.
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

/** The block of one file: "\n" + path + ":\n" + snippet, or "\n" + path + "\n" when bare. */
export function renderBlock(relPath: string, snippet: string | null): string {
  if (snippet === null) return `\n${truncateLine(relPath)}\n`;
  let block = `\n${truncateLine(`${relPath}:`)}\n`;
  for (const line of snippet.split('\n')) {
    if (line) block += `${truncateLine(line)}\n`;
  }
  return block;
}
