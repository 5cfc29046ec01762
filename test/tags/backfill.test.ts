/**
 * Backfilled references (SPEC A2: a file with definitions and no references gets one per
 * identifier-like leaf) come from each grammar's identifier query: it must yield exactly the
 * names, in exactly the order, of the leaf walk it replaced, on every language sample (C++ and
 * Rust have identifier-like nodes with children: their leaves count, not they).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { detectLanguageId } from '../../src/languages.js';
import { extractTags, isIdentifierLike } from '../../src/tags/extract-tags.js';
import { GrammarRegistry } from '../../src/tags/grammar-registry.js';
import { forEachLeaf } from '../../src/tags/walk-tree.js';
import { FIXTURES } from '../helpers.js';

const registry = new GrammarRegistry();
afterAll(() => registry.close());

const SAMPLES = readdirSync(path.join(FIXTURES, 'languages')).flatMap((language) =>
  readdirSync(path.join(FIXTURES, 'languages', language))
    .filter((name) => name !== 'expected-tags.txt')
    .map((name) => path.join(FIXTURES, 'languages', language, name)),
);

// Loads and compiles every grammar and tags query (~6 s of CPU): twice the unit tests' 30 s.
test('the identifier query yields the identifier leaves, in source order, on every language sample', { timeout: 60_000 }, async () => {
  let compared = 0;
  for (const file of SAMPLES) {
    const text = readFileSync(file, 'utf8');
    const languageId = detectLanguageId(file, text, { headerLanguage: 'c' });
    if (!languageId) continue;
    const grammar = await registry.get(languageId);
    if (!grammar.identifiers) continue;
    const tree = registry.parse(grammar, text)!;
    try {
      const walked: string[] = [];
      forEachLeaf(tree, (cursor) => {
        if (cursor.nodeIsNamed && isIdentifierLike(cursor.nodeType) && cursor.nodeText) walked.push(cursor.nodeText);
      });
      const queried = grammar.identifiers.captures(tree.rootNode).flatMap(({ node }) => (node.childCount === 0 && node.text ? [node.text] : []));
      expect(queried, file).toEqual(walked);
      compared++;
    } finally {
      tree.delete();
    }
  }
  expect(compared).toBeGreaterThanOrEqual(35);
});

test('a file of definitions only is backfilled from the query: every identifier, counted, line -1', async () => {
  const grammar = await registry.get('c');
  // A register header: a #define's value is one opaque token (not identifiers); an #ifndef's name is one.
  const tree = registry.parse(grammar, '#ifndef BASE\n#define BASE 0x100\n#endif\n#define NEXT (BASE + 4)\n#define BASE_ALIAS BASE\n')!;
  try {
    const tags = extractTags({ relPath: 'regs.h', language: 'c', tree, query: grammar.query, identifiers: grammar.identifiers });
    expect(tags.backfilled).toBe(true);
    expect(tags.references.map(({ name, count, line }) => [name, count, line])).toEqual([
      ['BASE', 2, -1],
      ['NEXT', 1, -1],
      ['BASE_ALIAS', 1, -1],
    ]);
  } finally {
    tree.delete();
  }
});
