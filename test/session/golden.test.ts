/**
 * Whole-pipeline golden tests: the map of each fixture repository, byte for byte. The goldens
 * were reviewed by hand against SPEC A7; regenerate with UPDATE_GOLDEN=1 only after reviewing
 * the diff. A missing golden fails: a new case gets its file only through UPDATE_GOLDEN=1.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildRepoMap } from '../../src/session/build-map.js';
import type { BuildMapOptions } from '../../src/session/types.js';
import { copyFixtureRepo, FIXTURES } from '../helpers.js';

interface GoldenCase {
  golden: string;
  scenario: string;
  options: Omit<BuildMapOptions, 'root'>;
  /** Files created in the copy only (git would not keep them in the fixture). */
  extraFiles?: Record<string, string>;
}

const CASES: GoldenCase[] = [
  { golden: 'polyglot-service', scenario: 'polyglot-service', options: { tokens: 1024 } },
  { golden: 'polyglot-service.small', scenario: 'polyglot-service', options: { tokens: 160 } },
  {
    golden: 'polyglot-service.chat',
    scenario: 'polyglot-service',
    options: { tokens: 1024, chatFiles: ['src/store/models.py'], mentionedIdents: ['formatMoney'] },
  },
  {
    golden: 'systems-mix',
    scenario: 'systems-mix',
    options: { tokens: 2048 },
    extraFiles: { 'build/output.c': 'int hidden(void) { return 0; }\n', 'debug.log': 'log\n', 'vendor/drop.tmp': 'x\n' },
  },
];

describe('the map of a fixture repository matches its golden file byte for byte', () => {
  test.each(CASES)('$golden', async ({ golden, scenario, options, extraFiles }) => {
    const root = copyFixtureRepo(scenario);
    for (const [relPath, text] of Object.entries(extraFiles ?? {})) {
      mkdirSync(path.dirname(path.join(root, relPath)), { recursive: true });
      writeFileSync(path.join(root, relPath), text);
    }
    const result = await buildRepoMap({ root, workers: 0, ...options });
    const goldenPath = path.join(FIXTURES, 'golden', `${golden}.map.txt`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, result.text);
    else if (!existsSync(goldenPath)) throw new Error(`${path.relative(FIXTURES, goldenPath)} is missing; review the map and write it with UPDATE_GOLDEN=1`);
    expect(result.text).toBe(readFileSync(goldenPath, 'utf8'));
    expect(result.tokens).toBeLessThanOrEqual(options.tokens ?? 1024);
  });
});
