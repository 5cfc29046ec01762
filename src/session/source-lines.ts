/**
 * Single lines of repository files (a definition's source line in a lookup's answer), with the
 * files last asked about kept split into lines until a refresh says they changed: a lookup's
 * usual answers then read nothing.
 */
import { LRUCache } from 'lru-cache';
import { toAbsPath } from '../paths.js';
import { readSource } from '../tags/read-source.js';

/** Files kept split into lines: a few lookups' worth of answers (each names at most 200 files). */
const MAX_FILES_KEPT = 256;

export class SourceLines {
  private readonly files = new LRUCache<string, string[]>({ max: MAX_FILES_KEPT });

  constructor(private readonly root: string) {}

  /** Row `row` (0-based) of the file without its line break; '' past the end or when unreadable. */
  line(relPath: string, row: number): string {
    if (row < 0) return '';
    return this.linesOf(relPath)[row] ?? '';
  }

  /** Forgets these files (they changed or went away). */
  invalidate(relPaths: Iterable<string>): void {
    for (const relPath of relPaths) this.files.delete(relPath);
  }

  private linesOf(relPath: string): string[] {
    let lines = this.files.get(relPath);
    if (!lines) {
      const source = readSource(toAbsPath(this.root, relPath));
      lines = source.ok ? source.text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)) : [];
      this.files.set(relPath, lines);
    }
    return lines;
  }
}
