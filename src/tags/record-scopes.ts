/**
 * Records what rendering needs of a tree (SPEC A7) for a few rows, the definition rows, while
 * the tags stage holds the tree: each row's signature end, its scopes and each scope's header.
 * Two walks that skip every subtree away from the rows of interest, instead of walking the
 * whole tree, and a short look around each definition's name for its signature.
 */
import type { Tree } from 'web-tree-sitter';
import type { ScopeRecord } from '../types.js';
import { lowerBound } from '../lower-bound.js';
import { forEachNodeOverRows } from './walk-tree.js';
import { signatureRows, type SignatureRows } from './signature-end.js';

/** Where a definition's name starts (a Tag's line and column). */
export interface DefinitionPosition {
  line: number;
  column: number;
}

/** A header longer than this many rows is cut (aider's header_max). */
export const HEADER_MAX_ROWS = 10;

/** The source as rendering parses it: with a final newline, as aider does. */
export function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** `definitions` must come from a tree of withFinalNewline(text), as rendering would parse it. */
export function recordScopes(tree: Tree, definitions: Iterable<DefinitionPosition>): ScopeRecord {
  const positions = [...definitions].filter((position) => position.line >= 0);
  const targets = [...new Set(positions.map((position) => position.line))].sort((a, b) => a - b);
  if (targets.length === 0) return [];
  const scopes = scopeStarts(tree, targets);
  const starts = [...new Set(scopes.flat())].sort((a, b) => a - b);
  const headerEnds = headerEndsOf(tree, starts);
  const signatures = positions.map(({ line, column }) => signatureRows(tree.rootNode, line, column));
  const signatureEnds = signatureEndsOf(targets, positions, signatures);
  const contexts = contextsOf(signatures, new Set(targets));
  const record: ScopeRecord = [];
  const pushContextsBefore = (row: number): void => {
    while (contexts.length > 0 && contexts[0]!.start < row) {
      const context = contexts.shift()!;
      record.push(context.start, context.end, 0);
    }
  };
  targets.forEach((row, t) => {
    pushContextsBefore(row);
    const rowScopes = scopes[t]!;
    record.push(row, signatureEnds[t]!, rowScopes.length);
    for (const start of rowScopes.sort((a, b) => a - b)) record.push(start, headerEnds[lowerBound(starts, start)]!);
  });
  pushContextsBefore(Number.POSITIVE_INFINITY);
  return record;
}

/**
 * The rows shown above definitions' signatures (decorators, a group's opener), recorded like a
 * signature of their own with no scopes: the compact style shows a scope start's signature
 * rows. One per start row not itself a definition row, ascending.
 */
function contextsOf(signatures: readonly SignatureRows[], definitionRows: ReadonlySet<number>): Array<{ start: number; end: number }> {
  const byStart = new Map<number, number>();
  for (const { context } of signatures) {
    if (context && !definitionRows.has(context.start)) byStart.set(context.start, Math.max(byStart.get(context.start) ?? 0, context.end));
  }
  return [...byStart].sort((a, b) => a[0] - b[0]).map(([start, end]) => ({ start, end }));
}

/** Per target row, the exclusive end of the longest signature of a definition named on it. */
function signatureEndsOf(targets: readonly number[], positions: readonly DefinitionPosition[], signatures: readonly SignatureRows[]): number[] {
  const ends = targets.map((row) => row + 1);
  positions.forEach(({ line }, i) => {
    const t = lowerBound(targets, line);
    ends[t] = Math.max(ends[t]!, signatures[i]!.end);
  });
  return ends;
}

/** For each target row, the start rows (> 0) of the nodes spanning it, without repeats. */
function scopeStarts(tree: Tree, targets: readonly number[]): number[][] {
  const scopes = targets.map(() => new Set<number>());
  forEachNodeOverRows(tree, targets, (start, end) => {
    if (start > 0) for (let t = lowerBound(targets, start); t < targets.length && targets[t]! <= end; t++) scopes[t]!.add(start);
    // Inside a one-row node every node starts on that same row: nothing more to learn.
    return end > start;
  });
  return scopes.map((set) => [...set]);
}

/**
 * The exclusive end of each start row's header: the smallest multi-row node starting on the
 * row when two or more start there, cut to HEADER_MAX_ROWS; else the row alone.
 */
function headerEndsOf(tree: Tree, starts: readonly number[]): number[] {
  const candidates = starts.map(() => 0);
  const smallest = starts.map(() => Number.POSITIVE_INFINITY);
  forEachNodeOverRows(tree, starts, (start, end) => {
    const s = lowerBound(starts, start);
    if (end === start) return false; // only multi-row nodes are header candidates, and a one-row node holds no others
    if (starts[s] === start) {
      candidates[s]!++;
      smallest[s] = Math.min(smallest[s]!, end - start);
    }
    return true;
  });
  return starts.map((start, s) => (candidates[s]! >= 2 ? start + Math.min(smallest[s]!, HEADER_MAX_ROWS) : start + 1));
}

/** A record in the smallest typed array that holds it (most files: 16 bits a number), to keep many in memory. */
export function packScopes(record: ScopeRecord): Uint16Array | Uint32Array {
  return record.every((value) => value < 0x10000) ? Uint16Array.from(record) : Uint32Array.from(record);
}
