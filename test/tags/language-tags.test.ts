/**
 * One table-driven test per language: the tags of fixtures/languages/<lang>/<sample> must be
 * exactly the `name role kind line` tuples of its expected-tags.txt (written by hand from the
 * sample, not generated). A sample's language is detected from its file name as in a build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { GrammarRegistry } from '../../src/tags/grammar-registry.js';
import { tagFile } from '../../src/tags/tag-file.js';
import { toTagTuples } from '../../src/tags/tag-tuples.js';

const LANGUAGES_DIR = path.resolve(import.meta.dirname, '../../fixtures/languages');
const EXPECTED = 'expected-tags.txt';

const registry = new GrammarRegistry();
afterAll(() => registry.close());

interface LanguageFixture {
  languageId: string;
  samplePath: string;
  expected: string[];
}

function loadFixtures(): LanguageFixture[] {
  return readdirSync(LANGUAGES_DIR)
    .sort()
    .map((languageId) => {
      const dir = path.join(LANGUAGES_DIR, languageId);
      const samples = readdirSync(dir).filter((name) => name !== EXPECTED && !name.startsWith('.'));
      if (samples.length !== 1) throw new Error(`${dir}: expected exactly one sample file, found ${samples.join(', ')}`);
      const expected = readFileSync(path.join(dir, EXPECTED), 'utf8').split('\n').filter((line) => line.trim());
      return { languageId, samplePath: path.join(dir, samples[0]!), expected: expected.sort() };
    });
}

describe('tags queries yield exactly the expected (name, role, kind, line) tuples', () => {
  test.each(loadFixtures())('$languageId', async ({ languageId, samplePath, expected }) => {
    const relPath = path.basename(samplePath);
    const result = await tagFile({ relPath, absPath: samplePath }, registry);
    if (result.type !== 'tags') throw new Error(`${samplePath}: not tagged: ${JSON.stringify(result)}`);
    expect(result.tags.language).toBe(languageId);
    expect(toTagTuples(result.tags)).toEqual(expected);
  });
});
