/**
 * Turns one parsed file into its tags: runs the language's tags query, pairs each `@name`
 * capture with its pattern's `@definition.<kind>` / `@reference.<kind>` capture, and, when a
 * file yields definitions but no references, backfills references from identifier leaves
 * (SPEC A2). Pure over a tree: no I/O, no caching.
 */
import type { Query, Tree } from 'web-tree-sitter';
import type { FileTags, ReferenceCount, Tag } from '../types.js';
import { parseRoleCapture } from './validate-query.js';
import { forEachLeaf } from './walk-tree.js';

/** Bump when extraction changes what it yields for the same tree: cached tags become stale. */
export const EXTRACTOR_VERSION = 5; // 2: tags carry their definitions' scopes; 3: and their signatures' ends; 4: type aliases' end at their value; 5: decorators' and groups' rows

/** Leaf node types that name something, besides every type ending in `identifier`. */
const IDENTIFIER_LIKE_TYPES = new Set(['constant', 'name', 'word', 'atom', 'symbol', 'variable', 'simple_identifier']);

export function isIdentifierLike(nodeType: string): boolean {
  return nodeType.endsWith('identifier') || IDENTIFIER_LIKE_TYPES.has(nodeType);
}

export interface ExtractTagsOptions {
  relPath: string;
  language: string;
  tree: Tree;
  query: Query;
  /** The grammar's identifier query (LoadedGrammar.identifiers), for backfilling; absent: the leaves are walked. */
  identifiers?: Query;
  /** Past it the query gives up (the caller then asks the budget again). */
  budget?: { exceeded(): boolean };
}

/** A file's tags without its scopes (recordScopes adds those, from the tree rendering would parse). */
export type ExtractedTags = Omit<FileTags, 'scopes'>;

export function extractTags({ relPath, language, tree, query, identifiers, budget }: ExtractTagsOptions): ExtractedTags {
  const definitions: Tag[] = [];
  const references = new ReferenceCounter();
  const seen = new Set<string>();
  for (const match of query.matches(tree.rootNode, budget && { progressCallback: () => budget.exceeded() })) {
    let role: Role | undefined;
    for (const capture of match.captures) {
      role = roleOf(capture.name);
      if (role) break;
    }
    if (!role) continue;
    for (const capture of match.captures) {
      if (capture.name !== 'name') continue;
      const { row, column } = capture.node.startPosition;
      const name = capture.node.text;
      if (!name) continue;
      // One node matched by two patterns of the same role and kind is still one tag.
      const key = `${role.role}\0${role.kind}\0${row}\0${column}\0${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (role.role === 'definition') {
        definitions.push({ relPath, line: row, column, name, role: 'definition', kind: role.kind });
      } else {
        references.add(name, role.kind, row, column);
      }
    }
  }
  let backfilled = false;
  if (definitions.length > 0 && references.size === 0) {
    backfillReferences(tree, references, identifiers, budget);
    backfilled = true;
  }
  definitions.sort(compareTags);
  return { relPath, language, definitions, references: references.toArray(), backfilled };
}

type Role = NonNullable<ReturnType<typeof parseRoleCapture>>;

/** Capture names' roles, each parsed once per thread: a file's matches repeat a few names thousands of times. */
const rolesByCaptureName = new Map<string, Role | null>();

function roleOf(captureName: string): Role | undefined {
  let role = rolesByCaptureName.get(captureName);
  if (role === undefined) rolesByCaptureName.set(captureName, (role = parseRoleCapture(captureName) ?? null));
  return role ?? undefined;
}

function compareTags(a: Tag, b: Tag): number {
  return a.line - b.line || a.column - b.column || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
}

/**
 * Every identifier-like leaf becomes a reference with line -1 (SPEC A2), in source order: from
 * the grammar's identifier query when there is one (its captures without children are those
 * leaves, in the same order), else by walking every leaf.
 */
function backfillReferences(tree: Tree, references: ReferenceCounter, identifiers: Query | undefined, budget: ExtractTagsOptions['budget']): void {
  if (identifiers) {
    for (const { node } of identifiers.captures(tree.rootNode, budget && { progressCallback: () => budget.exceeded() })) {
      if (node.childCount !== 0) continue;
      const name = node.text;
      if (name) references.add(name, 'identifier', -1, -1);
    }
    return;
  }
  forEachLeaf(tree, (cursor) => {
    if (!cursor.nodeIsNamed || !isIdentifierLike(cursor.nodeType)) return;
    const name = cursor.nodeText;
    if (name) references.add(name, 'identifier', -1, -1);
  });
}

class ReferenceCounter {
  private readonly byKey = new Map<string, ReferenceCount>();

  get size(): number {
    return this.byKey.size;
  }

  add(name: string, kind: string, line: number, column: number): void {
    const key = `${kind}\0${name}`;
    const existing = this.byKey.get(key);
    if (existing) existing.count++;
    else this.byKey.set(key, { name, kind, line, column, count: 1 });
  }

  toArray(): ReferenceCount[] {
    return [...this.byKey.values()];
  }
}
