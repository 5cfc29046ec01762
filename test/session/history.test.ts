/**
 * --history end to end: files that changed together with the chat files rank higher, a map
 * cached for one HEAD is not served after a commit that changed the history but no file, and
 * the rank explanations (a session's and the cache's, `inspect --rank`) use the same history.
 */
import { describe, expect, test } from 'vitest';
import { buildRepoMap } from '../../src/session/build-map.js';
import { explainCachedRank } from '../../src/session/inspect-cache.js';
import { RepoSession } from '../../src/session/repo-session.js';
import { CacheConfig } from '../../src/store/cache-config.js';
import { CacheManager } from '../../src/store/cache-manager.js';
import type { BuildMapOptions } from '../../src/session/types.js';
import { git, makeTempDir, writeFiles } from '../helpers.js';

/** Four files that reference nothing: only personalization can tell them apart. */
const FILES = { 'a.py': 'def fa():\n    pass\n', 'b.py': 'def fb():\n    pass\n', 'c.py': 'def fc():\n    pass\n', 'd.py': 'def fd():\n    pass\n' };

function commitChanges(root: string, files: Record<string, string>): void {
  writeFiles(root, files);
  git(root, 'add', '--', ...Object.keys(files));
  git(root, 'commit', '-qm', 'change');
}

/** A commit of a.py with `other` whose contents are then put back: the history moves, the files do not. */
let edits = 0;
function commitAndRestore(root: string, other: string): void {
  const edited = `# edit ${++edits}\n`;
  commitChanges(root, { 'a.py': edited, [other]: edited });
  writeFiles(root, { 'a.py': FILES['a.py'], [other]: FILES[other as keyof typeof FILES] });
}

// Maps fit with the approximate tokenizer: tokens are not under test, and o200k costs each map ~0.9 s of CPU to load its ranks.
async function ranks(root: string, options: Partial<BuildMapOptions>): Promise<Record<string, number>> {
  const result = await buildRepoMap({ root, tokenizer: 'approx', workers: 0, tokens: 4096, chatFiles: ['a.py'], ...options });
  return Object.fromEntries(result.files.map((file) => [file.path, file.rank]));
}

describe('--history', () => {
  test('a file that changed with the chat file ranks above the others; without the flag all rank alike', async () => {
    const root = makeTempDir();
    git(root, 'init', '-q');
    commitChanges(root, FILES);
    commitAndRestore(root, 'd.py');
    commitAndRestore(root, 'd.py');
    const plain = await ranks(root, {});
    expect(plain['d.py']).toBeCloseTo(plain['b.py']!, 12);
    const withHistory = await ranks(root, { history: true });
    expect(withHistory['d.py']).toBeGreaterThan(2 * withHistory['b.py']!);
    expect(withHistory['b.py']).toBeCloseTo(withHistory['c.py']!, 12);
  });

  test('the cached map follows HEAD', async () => {
    const root = makeTempDir();
    git(root, 'init', '-q');
    commitChanges(root, { ...FILES, '.gitignore': '.repomap/\n' });
    commitAndRestore(root, 'd.py');
    const cache = new CacheConfig({ ...CacheConfig.defaults(root), refresh: 'auto' });
    const first = await buildRepoMap({ root, tokenizer: 'approx', workers: 0, tokens: 4096, chatFiles: ['a.py'], history: true, cache });
    const again = await buildRepoMap({ root, tokenizer: 'approx', workers: 0, tokens: 4096, chatFiles: ['a.py'], history: true, cache });
    expect(again.stats.warm).toBe(true);
    commitAndRestore(root, 'b.py');
    commitAndRestore(root, 'b.py');
    const moved = await buildRepoMap({ root, tokenizer: 'approx', workers: 0, tokens: 4096, chatFiles: ['a.py'], history: true, cache });
    expect(moved.stats.warm).toBe(false);
    const rankOf = (result: typeof first, relPath: string): number => result.files.find((file) => file.path === relPath)!.rank;
    expect(rankOf(first, 'd.py')).toBeGreaterThan(rankOf(first, 'b.py'));
    expect(rankOf(moved, 'b.py')).toBeGreaterThan(rankOf(moved, 'd.py'));
  });

  test('explaining a rank with history gives the personalization and rank the map has', async () => {
    const root = makeTempDir();
    git(root, 'init', '-q');
    commitChanges(root, { ...FILES, '.gitignore': '.repomap/\n' });
    commitAndRestore(root, 'd.py');
    commitAndRestore(root, 'd.py');
    const withHistory = await ranks(root, { history: true });
    const session = await RepoSession.open({ root, workers: 0 });
    let explained;
    try {
      const plain = await session.explainRank('d.py', { chatFiles: ['a.py'] });
      explained = await session.explainRank('d.py', { chatFiles: ['a.py'], history: true });
      const other = await session.explainRank('b.py', { chatFiles: ['a.py'], history: true });
      expect(explained!.personalization).toBeGreaterThan(2 * plain!.personalization);
      expect(explained!.personalization).toBeGreaterThan(2 * other!.personalization);
      expect(explained!.rank / other!.rank).toBeCloseTo(withHistory['d.py']! / withHistory['b.py']!, 6);
    } finally {
      await session.close();
    }

    const config = new CacheConfig({ ...CacheConfig.defaults(root), refresh: 'auto' });
    await buildRepoMap({ root, tokenizer: 'approx', workers: 0, tokens: 4096, cache: config });
    const cache = new CacheManager(config, root);
    try {
      const query = { chatFiles: new Set(['a.py']), mentionedIdents: new Set<string>() };
      const cachedPlain = await explainCachedRank(cache, root, query, 'd.py', 'd.py');
      const cached = await explainCachedRank(cache, root, { ...query, history: true }, 'd.py', 'd.py');
      if (cached.kind !== 'file' || cachedPlain.kind !== 'file') throw new Error('expected a file explanation');
      expect(cached.explanation.personalization).toBeCloseTo(explained!.personalization, 12);
      expect(cached.explanation.personalization).toBeGreaterThan(2 * cachedPlain.explanation.personalization);
    } finally {
      cache.close();
    }
  });
});
