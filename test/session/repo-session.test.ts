/**
 * A long-lived session: after any sequence of edits, creates and deletes, its map is the map a
 * cold cache-less build of the same tree gives, with or without a cache; it looks only at the
 * paths it is told about; and its identifier table does not grow without bound.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildRepoMap } from '../../src/session/build-map.js';
import { RepoSession } from '../../src/session/repo-session.js';
import type { MapRequest, RepoSettings } from '../../src/session/types.js';
import { CacheConfig } from '../../src/store/cache-config.js';
import { copyFixtureRepo, makeTempDir } from '../helpers.js';

/**
 * Every map here uses the approximate tokenizer: what is compared is the index behind the map, and
 * each map fitted with o200k starts a counter that loads the BPE ranks (~0.9 s of CPU).
 */
const FAST: MapRequest = { tokenizer: 'approx' };
const coldMap = async (root: string, request: MapRequest = {}): Promise<string> => (await buildRepoMap({ root, workers: 0, ...FAST, ...request })).text;

function settingsFor(root: string, withCache: boolean): RepoSettings {
  return { root, workers: 0, cache: withCache ? CacheConfig.defaults(root) : undefined };
}

describe.each([
  ['with a cache', true],
  ['without a cache', false],
])('a live session %s', (_label, withCache) => {
  test('its maps equal cold builds after edits, creates, renames and deletes', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const session = await RepoSession.open(settingsFor(root, withCache));
    try {
      expect((await session.map(FAST)).text).toBe(await coldMap(root));

      const format = path.join(root, 'src', 'api', 'format.ts');
      writeFileSync(format, readFileSync(format, 'utf8').replace(/formatMoney/g, 'formatCurrency'));
      expect(await session.refresh(['src/api/format.ts'])).toEqual({ changed: ['src/api/format.ts'], added: [], removed: [] });
      const edited = await session.map(FAST);
      expect(edited.stats.parsed).toBe(1);
      expect(edited.text).toContain('formatCurrency');
      expect(edited.text).toBe(await coldMap(root));

      writeFileSync(path.join(root, 'src', 'api', 'totals.ts'), 'import { formatCurrency } from "./format";\nexport function grandTotal(x: number) { return formatCurrency(x); }\n');
      expect((await session.refresh(['src/api/totals.ts'])).added).toEqual(['src/api/totals.ts']);
      expect((await session.map(FAST)).text).toBe(await coldMap(root));

      renameSync(path.join(root, 'src', 'api', 'totals.ts'), path.join(root, 'src', 'api', 'sums.ts'));
      const renamed = await session.refresh(['src/api/totals.ts', 'src/api/sums.ts']);
      expect(renamed).toEqual({ changed: [], added: ['src/api/sums.ts'], removed: ['src/api/totals.ts'] });
      expect((await session.map({ ...FAST, tokens: 512, chatFiles: ['src/api/sums.ts'] })).text).toBe(await coldMap(root, { tokens: 512, chatFiles: ['src/api/sums.ts'] }));

      rmSync(path.join(root, 'src', 'api', 'sums.ts'));
      await session.refresh(['src/api/sums.ts']);
      expect((await session.map(FAST)).text).toBe(await coldMap(root));
    } finally {
      await session.close();
    }
  });

  test('a new request re-ranks the same index without parsing; a repeated one is answered from memory', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const session = await RepoSession.open(settingsFor(root, withCache));
    try {
      await session.map(FAST);
      const chat: MapRequest = { ...FAST, chatFiles: ['src/store/models.py'], mentionedIdents: ['formatMoney'], tokens: 700 };
      const first = await session.map(chat);
      expect(first.stats.parsed).toBe(0);
      expect(first.text).toBe(await coldMap(root, chat));
      const again = await session.map(chat);
      expect(again.stats.warm).toBe(true);
      expect(again.text).toBe(first.text);
    } finally {
      await session.close();
    }
  });
});

describe('a session that runs for long', () => {
  test('renaming names over and over leaves the identifier table bounded, and maps still equal cold builds', async () => {
    const root = makeTempDir('repomap-churn-');
    mkdirSync(path.join(root, 'pkg'));
    const files = 8;
    const write = (i: number, generation: number): void =>
      writeFileSync(
        path.join(root, 'pkg', `mod_${i}.py`),
        `def name_${i}_${generation}(value):\n    return name_${(i + 1) % files}_${generation}(value)\n\ndef stable_${i}():\n    return stable_${(i + 3) % files}()\n`,
      );
    for (let i = 0; i < files; i++) write(i, 0);
    const session = await RepoSession.open(settingsFor(root, false));
    try {
      await session.map(FAST);
      const rounds = 80;
      for (let generation = 1; generation <= rounds; generation++) {
        for (let i = 0; i < files; i++) write(i, generation);
        await session.refresh(Array.from({ length: files }, (_, i) => `pkg/mod_${i}.py`));
        await session.map(FAST);
      }
      // 8 files × 80 generations produced 640 distinct names; the live ones are 16 (+ a few kept until the next check).
      expect(session.indexSize.identifiers).toBeLessThan(files * 2 + 64 * 4);
      expect((await session.map(FAST)).text).toBe(await coldMap(root));
    } finally {
      await session.close();
    }
  });
});
