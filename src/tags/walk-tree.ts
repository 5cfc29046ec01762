/**
 * Iterative pre-order walks over a tree-sitter tree with one cursor (no recursion: deeply nested
 * code must not overflow the stack, and no Node objects are allocated per step).
 */
import type { Tree, TreeCursor } from 'web-tree-sitter';

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
