/**
 * The scope record the tags stage keeps for rendering must say exactly what a whole-tree walk
 * by SPEC A7 says, for any rows (the signature ends and the rows above signatures are those of
 * signatureRows, tested with the compact style in test/render): checked against a direct reading of the rule (every node,
 * pre-order) on the language samples, and end to end through tagFile, including a file without
 * a final newline and a Vue component (scopes from its script).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Tree } from 'web-tree-sitter';
import { GrammarRegistry } from '../../src/tags/grammar-registry.js';
import { HEADER_MAX_ROWS, recordScopes, withFinalNewline, type DefinitionPosition } from '../../src/tags/record-scopes.js';
import { signatureRows } from '../../src/tags/signature-end.js';
import { sourceToParse, tagFile } from '../../src/tags/tag-file.js';
import { forEachNode } from '../../src/tags/walk-tree.js';
import { FIXTURES, makeTempDir } from '../helpers.js';

const registry = new GrammarRegistry();
afterAll(() => registry.close());

/** SPEC A7 read literally: scopes of each row and header candidates, from every node. */
function referenceRecord(tree: Tree, positions: DefinitionPosition[]): number[] {
  const rows = positions.map((position) => position.line);
  const signatures = new Map<number, number>();
  for (const { line, column } of positions) signatures.set(line, Math.max(signatures.get(line) ?? line + 1, signatureRows(tree.rootNode, line, column).end));
  const scopes = new Map<number, Set<number>>();
  const candidates = new Map<number, Array<[number, number, number]>>();
  forEachNode(tree, (cursor) => {
    const s = cursor.startPosition.row;
    const e = cursor.endPosition.row;
    for (let r = s; r <= e; r++) scopes.set(r, (scopes.get(r) ?? new Set()).add(s));
    if (e > s) candidates.set(s, [...(candidates.get(s) ?? []), [e - s, s, e]]);
  });
  const headerEnd = (row: number): number => {
    const list = candidates.get(row) ?? [];
    if (list.length < 2) return row + 1;
    const [smallest] = list.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    return Math.min(smallest![2], row + HEADER_MAX_ROWS);
  };
  // Rows shown above a signature (decorators, a group's opener) that are no definition row: their own entry, no scopes.
  const contexts = new Map<number, number>();
  for (const { line, column } of positions) {
    const { context } = signatureRows(tree.rootNode, line, column);
    if (context && !rows.includes(context.start)) contexts.set(context.start, Math.max(contexts.get(context.start) ?? 0, context.end));
  }
  const record: number[] = [];
  for (const row of [...new Set([...rows, ...contexts.keys()])].sort((a, b) => a - b)) {
    if (contexts.has(row)) {
      record.push(row, contexts.get(row)!, 0);
      continue;
    }
    const starts = [...(scopes.get(row) ?? [])].filter((s) => s > 0).sort((a, b) => a - b);
    record.push(row, signatures.get(row)!, starts.length, ...starts.flatMap((s) => [s, headerEnd(s)]));
  }
  return record;
}

const SAMPLES: Array<[string, string]> = [
  ['python', 'python/sample.py'],
  ['go', 'go/sample.go'],
  ['c', 'c/sample.c'],
  ['typescript', 'typescript/sample.ts'],
  ['ruby', 'ruby/sample.rb'],
];

describe('the scope record of a tree', () => {
  test.each(SAMPLES)('%s: every row, alone and all together, matches the whole-tree reading of SPEC A7', async (languageId, sample) => {
    const text = withFinalNewline(readFileSync(path.join(FIXTURES, 'languages', sample), 'utf8'));
    const grammar = await registry.get(languageId);
    const tree = registry.parse(grammar, text)!;
    try {
      // Each row at its first non-blank column, where a definition's name may start.
      const rows = text.split('\n').map((line, row) => ({ line: row, column: Math.max(0, line.search(/\S/)) }));
      expect(recordScopes(tree, rows)).toEqual(referenceRecord(tree, rows));
      for (const row of rows) expect(recordScopes(tree, [row])).toEqual(referenceRecord(tree, [row]));
    } finally {
      tree.delete();
    }
  });
});

describe('tagFile records the scopes of its definitions', () => {
  async function referenceFor(languageId: string, text: string, rows: DefinitionPosition[]): Promise<number[]> {
    const tree = registry.parse(await registry.get(languageId), withFinalNewline(text))!;
    try {
      return referenceRecord(tree, rows);
    } finally {
      tree.delete();
    }
  }

  test('a file without a final newline gets the scopes of the text rendering parses', async () => {
    const text = 'class Store:\n    def get(self):\n        return 1\n\n    def put(self, value):\n        return value';
    const absPath = path.join(makeTempDir(), 'store.py');
    writeFileSync(absPath, text);
    const result = await tagFile({ relPath: 'store.py', absPath }, registry);
    if (result.type !== 'tags') throw new Error(`expected tags, got ${result.type}`);
    const rows = result.tags.definitions;
    expect(rows.map((tag) => tag.line)).toEqual([0, 1, 4]);
    expect(result.tags.scopes).toEqual(await referenceFor('python', text, rows));
    expect(result.tags.scopes.length).toBeGreaterThan(0);
  });

  test('a Vue component takes its scopes from its script, parsed at the component’s rows', async () => {
    const samplePath = path.join(FIXTURES, 'languages', 'vue', 'OrderPanel.vue');
    const result = await tagFile({ relPath: 'OrderPanel.vue', absPath: samplePath }, registry);
    if (result.type !== 'tags') throw new Error(`expected tags, got ${result.type}`);
    const text = readFileSync(samplePath, 'utf8');
    const rows = result.tags.definitions;
    const parsed = (await sourceToParse('vue', withFinalNewline(text), registry))!;
    expect(result.tags.scopes).toEqual(await referenceFor(parsed.languageId, parsed.text, rows));
    expect(result.tags.scopes.length).toBeGreaterThan(0);
  });
});
