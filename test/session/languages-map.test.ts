/** Every language end to end, and the reference backfill of SPEC A2. */
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildRepoMap } from '../../src/session/build-map.js';
import { GrammarRegistry } from '../../src/tags/grammar-registry.js';
import { tagFile } from '../../src/tags/tag-file.js';
import { FIXTURES, makeTempDir } from '../helpers.js';

const LANGUAGE_FIXTURES = readdirSync(path.join(FIXTURES, 'languages')).sort();

describe('languages in a map', () => {
  test('there is a fixture for every language with a tags query', () => {
    expect(LANGUAGE_FIXTURES.length).toBeGreaterThanOrEqual(46);
  });

  // One small map per language, so a case stays far from its timeout on a loaded machine and
  // a failure names its language.
  test.each(LANGUAGE_FIXTURES)('a map of the %s fixture shows its sample file with definitions', async (language) => {
    const root = makeTempDir();
    cpSync(path.join(FIXTURES, 'languages', language), path.join(root, language), { recursive: true });
    // The budget holds every sample, so the tokenizer only counts: the approximate one needs no load.
    const result = await buildRepoMap({ root, tokens: 200_000, workers: 0, tokenizer: 'approx' });
    const samples = readdirSync(path.join(root, language))
      .filter((name) => name !== 'expected-tags.txt')
      .map((name) => `${language}/${name}`);
    expect(samples).toHaveLength(1);
    expect(result.skipped).toEqual([]);
    const sample = samples[0]!;
    expect(result.text).toContain(`\n${sample}:\n`);
    expect(result.files.find((file) => file.path === sample)?.definitions.length).toBeGreaterThan(0);
  });

  test('files whose query captures no references still rank, through identifiers (backfill)', async () => {
    const root = makeTempDir();
    // Reading a class attribute is no call, base class or annotation: none of these files yields a
    // reference capture.
    writeFileSync(path.join(root, 'shapes.py'), 'class Polygon:\n    sides = 0\n');
    writeFileSync(path.join(root, 'lonely.py'), 'class Unused:\n    pass\n');
    for (const name of ['a', 'b', 'c']) {
      writeFileSync(path.join(root, `${name}.py`), `def area_${name}(shape):\n    return shape.sides * Polygon.sides\n`);
    }
    const registry = new GrammarRegistry();
    const tagged = await tagFile({ relPath: 'a.py', absPath: path.join(root, 'a.py') }, registry);
    await registry.close();
    expect(tagged.type === 'tags' && tagged.tags.backfilled).toBe(true);
    const result = await buildRepoMap({ root, tokens: 4096, workers: 0 });
    const rank = (relPath: string) => result.files.find((file) => file.path === relPath)!.rank;
    expect(rank('shapes.py')).toBeGreaterThan(rank('lonely.py'));
  });
});
