/**
 * Renders one file's lines of interest, eliding the rest with `⋮` (SPEC A7). Two styles: `aider`
 * (aider's format) shows each line with its enclosing scopes' headers, up to 10 rows each, and
 * closes small gaps; `compact` shows each definition's full signature (its rows up to where the
 * body starts) and those of the definitions enclosing it, and no body line. Pure: an outline and
 * rows in, text out.
 */
import type { FileOutline } from './file-outline.js';

export const SHOWN_PREFIX = '│';
export const ELISION = '⋮';

export const MAP_STYLES = ['aider', 'compact'] as const;
export type MapStyle = (typeof MAP_STYLES)[number];
export const DEFAULT_STYLE: MapStyle = 'aider';
/**
 * Bumped whenever the same outline and lines of interest render differently: cached snippets
 * (TreeCache) and maps (MapCache) carry it in their keys, so a new renderer never serves an old
 * rendering.
 */
export const RENDERER_VERSION = 1;

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

/**
 * The compact style's rows: each line's signature rows, and those of the definitions enclosing
 * it (a method's class), of its decorators and of the group holding it (`const (`): the scope
 * starts the record gives rows of their own. Enclosing scopes that are no definition (a block,
 * a statement's terminator spanning blank rows) are left out.
 */
export function compactRows(outline: FileOutline, linesOfInterest: Iterable<number>): Set<number> {
  const shown = new Set<number>();
  const showSignature = (row: number): void => {
    const end = Math.min(outline.signatures.get(row) ?? row + 1, outline.lines.length);
    shown.add(row);
    for (let r = row + 1; r < end; r++) shown.add(r);
  };
  for (const row of linesOfInterest) {
    showSignature(row);
    const headers = outline.headers.get(row) ?? [];
    for (let i = 0; i < headers.length; i += 2) {
      const start = headers[i]!;
      if (start < row && outline.signatures.has(start)) showSignature(start);
    }
  }
  return shown;
}

export function renderSnippet(outline: FileOutline, linesOfInterest: Iterable<number>, style: MapStyle = DEFAULT_STYLE): string {
  const shown = style === 'compact' ? compactRows(outline, linesOfInterest) : shownRows(outline, linesOfInterest);
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
