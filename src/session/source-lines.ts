/**
 * Single lines of repository files (a definition's source line in a lookup's answer), with the
 * files last asked about kept split into lines until a refresh says they changed: a lookup's
 * usual answers then read nothing.
 */
import { readFileSync } from 'node:fs';
import { toAbsPath } from '../paths.js';

/** Files kept split into lines: a few lookups' worth of answers (each names at most 200 files). */
const MAX_FILES_KEPT = 256;

export class SourceLines {
  /** relPath → its lines, least recently used first. */
  private readonly files = new Map<string, string[]>();

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
    if (lines) {
      this.files.delete(relPath);
    } else {
      try {
        lines = readFileSync(toAbsPath(this.root, relPath), 'utf8').split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
      } catch {
        lines = [];
      }
      if (this.files.size >= MAX_FILES_KEPT) this.files.delete(this.files.keys().next().value!);
    }
    this.files.set(relPath, lines);
    return lines;
  }
}
