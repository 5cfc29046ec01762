/**
 * A file that stalls its grammar is abandoned after the per-file budget, counted as
 * `parse-timeout`, remembered by content hash and skipped at once by later builds. The stalling
 * file is real: unbalanced brackets send tree-sitter-python into error recovery that parses
 * ~60× slower per byte than ordinary code (900 KB take ~10 s), far past a 250 ms budget. The
 * budget counts the parsing thread's CPU time (Linux); a timeout remembered by wall-clock time
 * alone is tried again.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { buildRepoMap } from '../../src/session/build-map.js';
import { CacheConfig } from '../../src/store/cache-config.js';
import { CacheManager } from '../../src/store/cache-manager.js';
import { GrammarRegistry } from '../../src/tags/grammar-registry.js';
import { tagFile } from '../../src/tags/tag-file.js';
import { makeTempDir } from '../helpers.js';

const BUDGET_MS = 250;
const STALLING_PYTHON = `${'('.repeat(900_000)}\n`;

const registry = new GrammarRegistry();
afterAll(() => registry.close());

function repoWithStallingFile(): string {
  const root = makeTempDir();
  writeFileSync(path.join(root, 'generated.py'), STALLING_PYTHON);
  writeFileSync(path.join(root, 'shapes.py'), 'class Square:\n    def area(self):\n        return 4\n');
  writeFileSync(path.join(root, 'main.py'), 'from shapes import Square\n\nprint(Square().area())\n');
  return root;
}

describe('the per-file parse budget', () => {
  test('a file whose parse runs past the budget is skipped as parse-timeout, with its content hash; an ordinary one is tagged', async () => {
    const root = repoWithStallingFile();
    // Tagged first, so the grammar's first-use compilation is not charged to the files below.
    expect(await tagFile({ relPath: 'main.py', absPath: path.join(root, 'main.py') }, registry)).toMatchObject({ type: 'tags' });
    const started = performance.now();
    const stalled = await tagFile({ relPath: 'generated.py', absPath: path.join(root, 'generated.py') }, registry, { budgetMs: BUDGET_MS });
    const elapsed = performance.now() - started;
    expect(stalled).toMatchObject({ type: 'skipped', skipped: { relPath: 'generated.py', reason: 'parse-timeout' } });
    expect(stalled.type === 'skipped' && stalled.hash).toMatch(/^[0-9a-f]{40}$/);
    // Abandoned near the budget, not parsed to the end (~10 s).
    expect(elapsed).toBeLessThan(20 * BUDGET_MS);
    const ordinary = await tagFile({ relPath: 'shapes.py', absPath: path.join(root, 'shapes.py') }, registry, { budgetMs: BUDGET_MS });
    expect(ordinary).toMatchObject({ type: 'tags' });
  });

  // Maps fit with the approximate tokenizer: tokens are not under test, and o200k costs each map ~0.9 s of CPU to load its ranks.
  test('a timed-out content is remembered: the next build skips it without parsing, and stats lists it', async () => {
    const root = repoWithStallingFile();
    const cache = new CacheConfig(CacheConfig.defaults(root));
    const first = await buildRepoMap({ root, tokenizer: 'approx', workers: 0, cache, parseBudgetMs: BUDGET_MS });
    expect(first.skipped).toEqual([expect.objectContaining({ relPath: 'generated.py', reason: 'parse-timeout' })]);
    expect(first.text).toContain('shapes.py:');

    const second = await buildRepoMap({ root, tokenizer: 'approx', workers: 0, cache, parseBudgetMs: BUDGET_MS, forceRefresh: true });
    expect(second.stats.parsed).toBe(0);
    expect(second.skipped).toEqual([expect.objectContaining({ relPath: 'generated.py', reason: 'parse-timeout' })]);
    expect(second.text).toBe(first.text);

    const manager = new CacheManager(cache, root);
    try {
      const clock = process.platform === 'linux' ? 'cpu' : 'wall';
      expect(manager.getStatistics().parseTimeouts).toEqual([expect.objectContaining({ relPath: 'generated.py', budgetMs: BUDGET_MS, clock })]);
    } finally {
      manager.close();
    }
  });

  test.runIf(process.platform === 'linux')('a timeout remembered by wall-clock time only (a loaded machine, an older cache) is tried again', async () => {
    const root = repoWithStallingFile();
    const cache = new CacheConfig(CacheConfig.defaults(root));
    const first = await buildRepoMap({ root, tokenizer: 'approx', workers: 0, cache, parseBudgetMs: BUDGET_MS });
    const manager = new CacheManager(cache, root);
    try {
      const shapes = createHash('sha1').update(readFileSync(path.join(root, 'shapes.py'))).digest('hex');
      manager.tags.recordParseTimeouts([{ hash: shapes, relPath: 'shapes.py', budgetMs: BUDGET_MS, clock: 'wall' }]);
    } finally {
      manager.close();
    }
    const second = await buildRepoMap({ root, tokenizer: 'approx', workers: 0, cache, parseBudgetMs: BUDGET_MS, forceRefresh: true });
    expect(second.skipped.map((file) => file.relPath)).toEqual(['generated.py']);
    expect(second.text).toBe(first.text);
  });
});
