/**
 * The remote tier through the library with a MemoryRemoteStore of the caller's own: what is
 * shared between clones, that nothing written names a local path, and TTL refresh on read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildRepoMap } from '../../src/session/build-map.js';
import { CacheConfig } from '../../src/store/cache-config.js';
import { MemoryRemoteStore } from '../../src/store/remote/memory-remote-store.js';
import { decodeValue } from '../../src/store/remote/value-codec.js';
import { copyFixtureRepo, FIXTURES, makeTempDir } from '../helpers.js';

const golden = readFileSync(path.join(FIXTURES, 'golden', 'polyglot-service.map.txt'), 'utf8');

async function buildClone(store: MemoryRemoteStore, extra: { forceRefresh?: boolean } = {}) {
  const root = copyFixtureRepo('polyglot-service');
  const cache = CacheConfig.fromEnv(root, { cacheDir: makeTempDir('repomap-cache-') }, {});
  const result = await buildRepoMap({ root, cache, remoteStore: store, workers: 0, ...extra });
  return { root, result };
}

describe('a library-provided remote store', () => {
  test('a second clone gets the map, and tags for a recomputed map, without parsing', async () => {
    const store = new MemoryRemoteStore();
    const first = await buildClone(store);
    expect(first.result.text).toBe(golden);
    expect(first.result.stats.parsed).toBeGreaterThan(5);
    const tagKeys = store.keys().filter((key) => key.startsWith('repomap:v1:shared:tags:'));
    expect(tagKeys.length).toBe(first.result.stats.tagged);
    expect(store.keys().filter((key) => key.startsWith('repomap:v1:shared:map:'))).toHaveLength(1);

    const second = await buildClone(store);
    expect(second.result.text).toBe(golden);
    expect(second.result.stats.warm).toBe(true);
    expect(second.result.root).toBe(second.root);

    const third = await buildClone(store, { forceRefresh: true });
    expect(third.result.text).toBe(golden);
    expect(third.result.stats.parsed).toBe(0);
  });

  test('nothing written names a local path', async () => {
    const store = new MemoryRemoteStore();
    const { root } = await buildClone(store);
    const values = await store.getMany(store.keys(), 60_000);
    expect(values.size).toBeGreaterThan(5);
    for (const [key, value] of values) {
      const text = decodeValue(key, value)!;
      expect(text, key).toBeDefined();
      expect(text, key).not.toContain(root);
      expect(text, key).not.toContain(path.dirname(root));
      expect(key).not.toContain(root);
    }
  });

  test('reading an entry starts its time to live again', async () => {
    let now = 0;
    const store = new MemoryRemoteStore(() => now);
    await store.setMany([{ key: 'k', value: Buffer.from('v') }], 100);
    now = 90;
    expect((await store.getMany(['k'], 100)).size).toBe(1);
    now = 180;
    expect((await store.getMany(['k'], 100)).size).toBe(1);
    now = 281;
    expect((await store.getMany(['k'], 100)).size).toBe(0);
  });
});
