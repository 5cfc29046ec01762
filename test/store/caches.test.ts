/** The cache classes on their own, as a library user would use them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { CacheConfig } from '../../src/store/cache-config.js';
import { CacheManager } from '../../src/store/cache-manager.js';
import { MapCacheKey } from '../../src/store/map-cache.js';
import { decodeTags, encodeTags } from '../../src/store/tag-cache.js';
import type { FileTags } from '../../src/types.js';
import { makeTempDir } from '../helpers.js';

function manager(options: Partial<ConstructorParameters<typeof CacheConfig>[0]> = {}, now?: () => number): CacheManager {
  const root = makeTempDir();
  const config = new CacheConfig({ ...CacheConfig.defaults(root), ...options });
  return new CacheManager(config, root, { now });
}

const TAGS: FileTags = {
  relPath: 'a.py',
  language: 'python',
  definitions: [{ relPath: 'a.py', name: 'run', kind: 'function', line: 3, column: 4, role: 'definition' }],
  references: [{ name: 'helper', kind: 'call', line: 5, column: 8, count: 2 }],
  backfilled: false,
  scopes: [3, 2, 1, 2, 3, 5],
};

describe('CacheConfig', () => {
  test('flags override the environment, which overrides defaults', () => {
    const root = '/repo';
    const env = { REPO_MAP_CACHE_DIR: '/env/cache', REPO_MAP_CACHE_SIZE_MB: '50', REPO_MAP_CACHE_L1_SIZE: '10', REPO_MAP_CACHE_REFRESH_MODE: 'files' };
    expect(CacheConfig.fromEnv(root, {}, {})).toMatchObject({ dir: '/repo/.repomap', sizeMb: 200, l1Size: 1000, refresh: 'auto', enabled: true });
    expect(CacheConfig.fromEnv(root, {}, env)).toMatchObject({ dir: '/env/cache', sizeMb: 50, l1Size: 10, refresh: 'files', dirConfigured: true });
    expect(CacheConfig.fromEnv(root, { cacheDir: '/flag', refresh: 'manual', cache: false }, env, '/')).toMatchObject({
      dir: '/flag',
      refresh: 'manual',
      enabled: false,
    });
  });

  test('bad values are usage errors that name their source', () => {
    expect(() => CacheConfig.fromEnv('/r', {}, { REPO_MAP_CACHE_SIZE_MB: 'lots' })).toThrow(UsageError);
    expect(() => CacheConfig.fromEnv('/r', {}, { REPO_MAP_CACHE_REFRESH_MODE: 'sometimes' })).toThrow(/REPO_MAP_CACHE_REFRESH_MODE/);
    expect(() => CacheConfig.fromEnv('/r', { refresh: 'never' }, {})).toThrow(/--refresh/);
  });
});

describe('TagCache', () => {
  test('tags are stored per content hash and fingerprint, so identical files share one entry', () => {
    const cache = manager();
    const data = encodeTags(TAGS);
    cache.tags.putMany([{ hash: 'h1', fingerprint: 'py1', data }]);
    cache.tags.updateFiles([
      { relPath: 'a.py', mtimeMs: 1, size: 10, hash: 'h1', language: 'python' },
      { relPath: 'copy/a.py', mtimeMs: 2, size: 10, hash: 'h1', language: 'python' },
    ]);
    const found = cache.tags.getMany([{ hash: 'h1', fingerprint: 'py1' }, { hash: 'h1', fingerprint: 'py2' }, { hash: 'h2', fingerprint: 'py1' }]);
    expect([...found.keys()]).toEqual(['h1:py1']);
    expect(decodeTags('copy/a.py', found.get('h1:py1')!)).toEqual({
      ...TAGS,
      relPath: 'copy/a.py',
      definitions: [{ ...TAGS.definitions[0], relPath: 'copy/a.py' }],
    });
    expect(cache.getStatistics().caches.tags.entries).toBe(1);
    expect(cache.tags.counters.snapshot()).toMatchObject({ hits: 1, misses: 2 });
    cache.close();
  });

  test('file states round-trip and invalidate forgets a file', () => {
    const cache = manager();
    cache.tags.updateFiles([{ relPath: 'a.py', mtimeMs: 1.5, size: 10, hash: 'h1', language: 'python' }]);
    expect(cache.tags.fileState('a.py')).toEqual({ relPath: 'a.py', mtimeMs: 1.5, size: 10, hash: 'h1', language: 'python' });
    cache.tags.invalidate('a.py');
    expect(cache.tags.fileStates().size).toBe(0);
    cache.close();
  });
});

describe('MapCache', () => {
  const key = (others: string[], state = 's') =>
    new MapCacheKey({ chatFiles: ['c.py'], otherFiles: others, budget: 1024, mentionedFiles: [], mentionedIdents: ['b', 'a'], tokenizer: 'o200k', state });

  test('the key is built from sets: order and repeats do not matter, contents do', () => {
    expect(key(['x.py', 'y.py']).id).toBe(key(['y.py', 'x.py', 'x.py']).id);
    expect(key(['x.py']).id).not.toBe(key(['x.py', 'y.py']).id);
    expect(key(['x.py'], 's1').id).not.toBe(key(['x.py'], 's2').id);
  });

  /** A stored map's JSON: the fields MapCache checks, with a text to tell maps apart. */
  const mapJson = (text: string): string => JSON.stringify({ text, tokens: 1, files: [], skipped: [], stats: {} });

  test('invalidateByFile removes exactly the maps that read the file', () => {
    const cache = manager();
    cache.maps.set(key(['x.py', 'y.py']), 'xy', mapJson('map 1'));
    cache.maps.set(key(['y.py', 'z.py']), 'yz', mapJson('map 2'));
    expect(cache.maps.invalidateByFile('x.py')).toBe(1);
    expect(cache.maps.get(key(['x.py', 'y.py']))).toBeUndefined();
    expect(cache.maps.get(key(['y.py', 'z.py']))).toBe(mapJson('map 2'));
    expect(cache.maps.invalidateByFile('c.py')).toBe(1);
    expect(cache.maps.entries()).toEqual([]);
    cache.close();
  });

  test('a stored row that is not a map reads as a miss and is deleted', () => {
    const root = makeTempDir();
    const config = new CacheConfig(CacheConfig.defaults(root));
    const cache = new CacheManager(config, root);
    cache.maps.set(key(['a.py']), 'a', mapJson('good'));
    cache.maps.set(key(['b.py']), 'b', '{"text":1}');
    cache.maps.set(key(['c.py']), 'c', '{not json');
    cache.close();
    // Reopened, so the rows are read from disk.
    const reopened = new CacheManager(config, root);
    expect(reopened.maps.get(key(['a.py']))).toBe(mapJson('good'));
    expect(reopened.maps.get(key(['b.py']))).toBeUndefined();
    expect(reopened.maps.get(key(['c.py']))).toBeUndefined();
    expect(reopened.maps.entries().map((entry) => entry.description)).toEqual(['a']);
    reopened.close();
  });

  test('getLast returns the last map stored (refresh mode manual)', () => {
    const cache = manager();
    cache.maps.set(key(['a.py']), 'a', 'first');
    cache.maps.set(key(['b.py']), 'b', 'second');
    expect(cache.maps.getLast()).toBe('second');
    cache.close();
  });
});

describe('TreeCache', () => {
  test('snippets are keyed by path, content, source and sorted lines; invalidate drops a file’s snippets only', () => {
    const cache = manager();
    cache.trees.set({ relPath: 'a.py', hash: 'h1', source: 'r1.f1', lines: [9, 3, 3] }, '│a\n');
    cache.trees.set({ relPath: 'b.py', hash: 'h2', source: 'r1.f1', lines: [1] }, '│b\n');
    cache.trees.flush();
    expect(cache.trees.get({ relPath: 'a.py', hash: 'h1', source: 'r1.f1', lines: [3, 9] })).toBe('│a\n');
    expect(cache.trees.get({ relPath: 'a.py', hash: 'h0', source: 'r1.f1', lines: [3, 9] })).toBeUndefined();
    // Another renderer version or tag fingerprint: the old rendering is not served.
    expect(cache.trees.get({ relPath: 'a.py', hash: 'h1', source: 'r2.f1', lines: [3, 9] })).toBeUndefined();
    expect(cache.trees.get({ relPath: 'a.py', hash: 'h1', source: 'r1.f2', lines: [3, 9] })).toBeUndefined();
    expect(cache.trees.entriesFor('a.py')).toEqual([expect.objectContaining({ hash: 'h1', lines: [3, 9] })]);
    expect(cache.trees.invalidate('a.py')).toBe(1);
    expect(cache.trees.entriesFor('a.py')).toEqual([]);
    expect(cache.trees.entriesFor('b.py')).toHaveLength(1);
    cache.close();
  });
});

describe('size cap', () => {
  test('least-recently-used entries are evicted and counted; the database stays within the cap plus slack', () => {
    let clock = 0;
    const cache = manager({ sizeMb: 1 }, () => ++clock);
    const filler = 'x'.repeat(20_000);
    for (let i = 0; i < 150; i++) {
      cache.tags.putMany([{ hash: `h${i}`, fingerprint: 'f', data: JSON.stringify({ l: 'python', d: [], r: [], b: 0, pad: filler }) }]);
    }
    cache.tags.getMany([{ hash: 'h0', fingerprint: 'f' }]); // h0 becomes the most recently used
    const evicted = cache.enforceSizeCap();
    expect(evicted).toBeGreaterThan(0);
    expect(cache.tags.counters.evictions).toBe(evicted);
    expect(cache.usedBytes()).toBeLessThanOrEqual(1.1 * 1024 * 1024);
    expect(cache.tags.getMany([{ hash: 'h0', fingerprint: 'f' }]).size).toBe(1);
    expect(cache.tags.getMany([{ hash: 'h1', fingerprint: 'f' }]).size).toBe(0);
    cache.close();
  });
});

describe('CacheManager', () => {
  test('statistics count entries, hits, misses and the last run', () => {
    const root = makeTempDir();
    const config = CacheConfig.defaults(root);
    const first = new CacheManager(config, root);
    first.tags.putMany([{ hash: 'h', fingerprint: 'f', data: encodeTags(TAGS) }]);
    first.tags.getMany([{ hash: 'h', fingerprint: 'f' }, { hash: 'x', fingerprint: 'f' }]);
    first.recordRun(undefined);
    first.close();
    const second = new CacheManager(config, root);
    second.tags.getMany([{ hash: 'h', fingerprint: 'f' }]);
    second.recordRun(undefined);
    const stats = second.getStatistics();
    second.close();
    expect(stats.caches.tags).toMatchObject({ entries: 1, hits: 2, misses: 1, lastRun: { hits: 1, misses: 0, hitRate: 1 } });
    expect(stats.caches.tags.hitRate).toBeCloseTo(2 / 3, 10);
  });

  test('the default cache directory gets a .gitignore of *', async () => {
    const root = makeTempDir();
    new CacheManager(CacheConfig.defaults(root), root).close();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path.join(root, '.repomap', '.gitignore'), 'utf8')).toBe('*\n');
  });

  test('prune drops the entries of files that no longer exist and reports them', () => {
    const root = makeTempDir();
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'kept.py'), 'x = 1\n');
    const cache = new CacheManager(CacheConfig.defaults(root), root);
    cache.tags.updateFiles([
      { relPath: 'src/kept.py', mtimeMs: 1, size: 6, hash: 'k', language: 'python' },
      { relPath: 'src/gone.py', mtimeMs: 1, size: 6, hash: 'g', language: 'python' },
    ]);
    cache.tags.putMany([{ hash: 'k', fingerprint: 'f', data: encodeTags(TAGS) }, { hash: 'g', fingerprint: 'f', data: encodeTags(TAGS) }]);
    cache.trees.set({ relPath: 'src/gone.py', hash: 'g', source: 'r1.f', lines: [1] }, '│x\n');
    cache.trees.flush();
    const pruned = cache.prune((relPath) => relPath === 'src/kept.py');
    expect(pruned).toEqual({ files: ['src/gone.py'], trees: 1, maps: 0, tags: 1 });
    cache.close();
  });
});
