/** Every language end to end, and the reference backfill of SPEC A2. */
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildRepoMap } from '../../src/session/build-map.js';
import { GrammarRegistry } from '../../src/tags/grammar-registry.js';
import { tagFile } from '../../src/tags/tag-file.js';
import { FIXTURES, makeTempDir } from '../helpers.js';

describe('languages in a map', () => {
  test('a map over all language fixtures shows every sample file with its definitions', async () => {
    const root = makeTempDir();
    cpSync(path.join(FIXTURES, 'languages'), root, { recursive: true });
    const result = await buildRepoMap({ root, tokens: 200_000, workers: 0 });
    const samples = readdirSync(root).flatMap((language) =>
      readdirSync(path.join(root, language))
        .filter((name) => name !== 'expected-tags.txt')
        .map((name) => `${language}/${name}`),
    );
    expect(samples.length).toBeGreaterThanOrEqual(35);
    expect(result.skipped).toEqual([]);
    for (const sample of samples) {
      expect(result.text, sample).toContain(`\n${sample}:\n`);
      expect(result.files.find((file) => file.path === sample)?.definitions.length, sample).toBeGreaterThan(0);
    }
  });

  test('files whose query captures no references still rank, through identifiers (backfill)', async () => {
    const root = makeTempDir();
    // Annotations are not call references, so none of these files yields a reference capture.
    writeFileSync(path.join(root, 'shapes.py'), 'class Polygon:\n    sides = 0\n');
    writeFileSync(path.join(root, 'lonely.py'), 'class Unused:\n    pass\n');
    for (const name of ['a', 'b', 'c']) {
      writeFileSync(path.join(root, `${name}.py`), `def area_${name}(shape: Polygon) -> int:\n    return shape.sides\n`);
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
