/**
 * Signature ends on C, where preprocessor definitions end at the start of the next row (their
 * newline is part of the node): a one-row `#define` is its row, one continued over lines is its
 * first row (no body to show up to), and a function's signature runs up to its body's row.
 */
import { afterAll, expect, test } from 'vitest';
import { GrammarRegistry } from '../../src/tags/grammar-registry.js';
import { extractTags } from '../../src/tags/extract-tags.js';
import { signatureRows } from '../../src/tags/signature-end.js';

const registry = new GrammarRegistry();
afterAll(() => registry.close());

const SOURCE = [
  '#define LIMIT 16', // 0
  '#define CLAMP(x) \\', // 1
  '  ((x) > LIMIT ? LIMIT : (x))', // 2
  'static int add(int a,', // 3
  '               int b) {', // 4
  '  return CLAMP(a + b);', // 5
  '}', // 6
  '',
].join('\n');

test('C definitions: each row of a #define alone, a function up to its body', async () => {
  const grammar = await registry.get('c');
  const tree = grammar.parser.parse(SOURCE)!;
  try {
    const { definitions } = extractTags({ relPath: 'a.c', language: 'c', tree, query: grammar.query });
    const ends = Object.fromEntries(definitions.map(({ name, line, column }) => [name, [line, signatureRows(tree.rootNode, line, column).end]]));
    expect(ends).toEqual({ LIMIT: [0, 1], CLAMP: [1, 2], add: [3, 5] });
  } finally {
    tree.delete();
  }
});
