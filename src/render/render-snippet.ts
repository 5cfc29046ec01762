/**
 * Renders one file's lines of interest with their enclosing scope headers, eliding the rest
 * with `⋮` (SPEC A7, aider's format). Pure: an outline and rows in, text out.
 */
import type { FileOutline } from './file-outline.js';

export const SHOWN_PREFIX = '│';
export const ELISION = '⋮';

export function shownRows(outline: FileOutline, linesOfInterest: Iterable<number>): Set<number> {
  const shown = new Set<number>();
  for (const row of linesOfInterest) {
    shown.add(row);
    const headers = outline.headers.get(row) ?? [];
    for (let i = 0; i < headers.length; i += 2) {
      for (let r = headers[i]!; r < headers[i + 1]!; r++) shown.add(r);
    }
  }
  return closeSmallGaps(outline.lines, shown);
}

/** Shows a single hidden row between two shown ones, and a blank row after a shown line. */
function closeSmallGaps(lines: string[], shown: Set<number>): Set<number> {
  const closed = new Set(shown);
  const sorted = [...shown].sort((a, b) => a - b);
  for (let i = 0; i + 1 < sorted.length; i++) {
    if (sorted[i + 1]! - sorted[i]! === 2) closed.add(sorted[i]! + 1);
  }
  for (let i = 0; i < lines.length - 1; i++) {
    if (!closed.has(i)) continue;
    if (lines[i]!.trim() && !lines[i + 1]!.trim()) closed.add(i + 1);
  }
  return closed;
}

export function renderSnippet(outline: FileOutline, linesOfInterest: Iterable<number>): string {
  const shown = shownRows(outline, linesOfInterest);
  if (shown.size === 0) return '';
  let output = '';
  let elide = !shown.has(0);
  outline.lines.forEach((line, row) => {
    if (shown.has(row)) {
      output += `${SHOWN_PREFIX}${line}\n`;
      elide = true;
    } else if (elide) {
      output += `${ELISION}\n`;
      elide = false;
    }
  });
  return output;
}
