/**
 * What rendering needs to know about one file's syntax tree (SPEC A7), computed in one walk:
 * its lines, each row's header range, and the multi-row node spans that give a row its scopes.
 * Holding this instead of the tree lets the tree be freed right after the walk.
 */
import type { Tree } from 'web-tree-sitter';
import { forEachNode } from '../tags/walk-tree.js';

/** A header longer than this many rows is cut (aider's header_max). */
export const HEADER_MAX_ROWS = 10;

export interface FileOutline {
  /** The file split on "\n", a trailing "\r" removed, without the empty piece after a final "\n". */
  lines: string[];
  /** Exclusive end row of the header that starts at each row. */
  headerEnd: Int32Array;
  /** 1 where some node starts on the row. */
  rowHasStart: Uint8Array;
  /** Distinct multi-row node spans as [start0, end0, start1, end1, …], sorted by start. */
  spans: Int32Array;
}

/** The source as the parser must see it: with a final newline, as aider parses it. */
export function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export function splitLines(text: string): string[] {
  const lines = withFinalNewline(text).split('\n');
  lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Builds the outline of `text` from its tree (parsed from withFinalNewline(text)). */
export function buildOutline(text: string, tree: Tree): FileOutline {
  const lines = splitLines(text);
  const rowCount = lines.length + 1;
  const candidates = new Int32Array(rowCount);
  const smallest = new Int32Array(rowCount).fill(0x7fffffff);
  const rowHasStart = new Uint8Array(rowCount);
  const spanKeys = new Set<number>();
  forEachNode(tree, (cursor) => {
    const start = cursor.startPosition.row;
    const end = cursor.endPosition.row;
    if (start >= rowCount) return;
    rowHasStart[start] = 1;
    if (end > start) {
      candidates[start]!++;
      if (end - start < smallest[start]!) smallest[start] = end - start;
      spanKeys.add(start * rowCount + end);
    }
  });
  const headerEnd = new Int32Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    // A header is the smallest multi-row node starting on the row, but only when two or more start there.
    headerEnd[row] = candidates[row]! >= 2 ? row + Math.min(smallest[row]!, HEADER_MAX_ROWS) : row + 1;
  }
  const spans = new Int32Array(spanKeys.size * 2);
  [...spanKeys]
    .sort((a, b) => a - b)
    .forEach((key, i) => {
      spans[2 * i] = Math.floor(key / rowCount);
      spans[2 * i + 1] = key % rowCount;
    });
  return { lines, headerEnd, rowHasStart, spans };
}

/** Start rows of every node spanning `row`: the row's scopes. */
export function scopesOf(outline: FileOutline, row: number): number[] {
  const scopes: number[] = [];
  const { spans } = outline;
  for (let i = 0; i < spans.length; i += 2) {
    const start = spans[i]!;
    if (start > row) break;
    if (spans[i + 1]! >= row && start !== row) scopes.push(start);
  }
  if (outline.rowHasStart[row]) scopes.push(row);
  return scopes;
}
