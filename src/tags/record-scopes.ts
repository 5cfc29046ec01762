/**
 * Records what rendering needs of a tree (SPEC A7) for a few rows, the definition rows, while
 * the tags stage holds the tree: each row's signature end, its scopes and each scope's header.
 * One cursor walk that skips every subtree away from the rows of interest, instead of walking
 * the whole tree, and a short look around each definition's name for its signature.
 */
import type { Tree } from 'web-tree-sitter';
import type { ScopeRecord } from '../types.js';
import { lowerBound } from '../lower-bound.js';
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
  const { scopes, headerEnds } = scanScopes(tree, targets);
  const root = tree.rootNode;
  const signatures = positions.map(({ line, column }) => signatureRows(root, line, column));
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
    for (const start of rowScopes) record.push(start, headerEnds.get(start)!);
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

/** What one walk learns of the rows around the targets. */
interface ScannedScopes {
  /** For each target row, the start rows (> 0) of the nodes spanning it, ascending, without repeats. */
  scopes: number[][];
  /** For each of those start rows, the exclusive end of its header. */
  headerEnds: Map<number, number>;
}

/** A start row's header candidates so far: the multi-row nodes starting on it. */
interface HeaderCandidates {
  count: number;
  smallestRows: number;
}

/**
 * One pre-order cursor walk for both the scopes of the targets and the headers of the scopes.
 * Pre-order meets nodes in the order of their starts, so the scope starts it finds only grow,
 * and every multi-row node starting on a scope start comes at or after the first scope node
 * starting there (one before it ends on that row: a one-row node, no header candidate). So the
 * walk goes into the multi-row nodes spanning a target and, for the headers, those starting on
 * the latest scope start; it skips every other subtree, and once no later sibling can hold a
 * target or start on that row (the next target lies past the parent), the siblings too.
 */
function scanScopes(tree: Tree, targets: readonly number[]): ScannedScopes {
  const scopes: number[][] = targets.map(() => []);
  const headers = new Map<number, HeaderCandidates>();
  let latestStart = -1;
  let latest: HeaderCandidates | undefined;
  const cursor = tree.walk();
  const parentEnds: number[] = [];
  // The end row of the previous sibling (-1 before a first child): siblings do not overlap, so
  // a node ending on that row starts on it too, without asking the cursor (a call into WASM).
  let previousEnd = -1;
  try {
    for (;;) {
      const end = cursor.endPosition.row;
      const start = end === previousEnd ? end : cursor.startPosition.row;
      const next = lowerBound(targets, start);
      const overTarget = next < targets.length && targets[next]! <= end;
      if (overTarget && start > 0) {
        // Starts come in ascending order: a repeat can only be the last one added.
        for (let t = next; t < targets.length && targets[t]! <= end; t++) if (scopes[t]!.at(-1) !== start) scopes[t]!.push(start);
        if (start !== latestStart) headers.set((latestStart = start), (latest = { count: 0, smallestRows: Number.POSITIVE_INFINITY }));
      }
      // Inside a one-row node every node starts on that same row: no target or header to learn.
      const multiRow = end > start;
      if (multiRow && start === latestStart) {
        latest!.count++;
        latest!.smallestRows = Math.min(latest!.smallestRows, end - start);
      }
      if (multiRow && (overTarget || start === latestStart) && cursor.gotoFirstChild()) {
        parentEnds.push(end);
        previousEnd = -1;
        continue;
      }
      previousEnd = end;
      if (!overTarget && parentEnds.length > 0 && end !== latestStart && (next >= targets.length || targets[next]! > parentEnds.at(-1)!)) {
        cursor.gotoParent();
        previousEnd = parentEnds.pop()!;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return { scopes, headerEnds: headerEndsOf(headers) };
        previousEnd = parentEnds.pop()!;
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * The exclusive end of each start row's header: the smallest multi-row node starting on the
 * row when two or more start there, cut to HEADER_MAX_ROWS; else the row alone.
 */
function headerEndsOf(headers: ReadonlyMap<number, HeaderCandidates>): Map<number, number> {
  const ends = new Map<number, number>();
  for (const [start, { count, smallestRows }] of headers) ends.set(start, count >= 2 ? start + Math.min(smallestRows, HEADER_MAX_ROWS) : start + 1);
  return ends;
}

/** A record in the smallest typed array that holds it (most files: 16 bits a number), to keep many in memory. */
export function packScopes(record: Readonly<ScopeRecord> | Int32Array): Uint16Array | Uint32Array {
  return record.every((value) => value < 0x10000) ? Uint16Array.from(record) : Uint32Array.from(record);
}
