/**
 * Iterative pre-order walks over a tree-sitter tree with one cursor (no recursion: deeply nested
 * code must not overflow the stack, and no Node objects are allocated per step).
 */
import type { Tree, TreeCursor } from 'web-tree-sitter';
import { lowerBound } from '../lower-bound.js';

/** Calls `visit` for every node, named and anonymous, in pre-order. */
export function forEachNode(tree: Tree, visit: (cursor: TreeCursor) => void): void {
  const cursor = tree.walk();
  try {
    for (;;) {
      visit(cursor);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Calls `visit` for every leaf (a node without children), in source order. */
export function forEachLeaf(tree: Tree, visit: (cursor: TreeCursor) => void): void {
  const cursor = tree.walk();
  try {
    for (;;) {
      if (cursor.gotoFirstChild()) continue;
      visit(cursor);
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * Pre-order walk over the nodes whose rows include one of `rows` (ascending), with their start
 * and end rows; `visit` says whether to go into the node's children. A node without such a row
 * is not entered, and once no later sibling can hold one (the next row lies past the parent) the
 * siblings are skipped too: asking about a few rows touches the nodes around them, not the
 * function bodies in between.
 */
export function forEachNodeOverRows(tree: Tree, rows: readonly number[], visit: (startRow: number, endRow: number) => boolean): void {
  const cursor = tree.walk();
  const parentEnds: number[] = [];
  try {
    for (;;) {
      const start = cursor.startPosition.row;
      const end = cursor.endPosition.row;
      const next = lowerBound(rows, start);
      if (next < rows.length && rows[next]! <= end) {
        if (visit(start, end) && cursor.gotoFirstChild()) {
          parentEnds.push(end);
          continue;
        }
      } else if (parentEnds.length > 0 && (next >= rows.length || rows[next]! > parentEnds[parentEnds.length - 1]!)) {
        cursor.gotoParent();
        parentEnds.pop();
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
        parentEnds.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}
