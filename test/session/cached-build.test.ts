/**
 * Builds with the cache: the same maps as without it, answered warm when nothing changed, and
 * re-parsing exactly what changed. Each test works on a temporary copy of a fixture repository.
 */
import { appendFileSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { discoverFiles } from '../../src/discovery/discover-files.js';
import { CacheConfig, type RefreshMode } from '../../src/store/cache-config.js';
import { CacheManager } from '../../src/store/cache-manager.js';
import type { FileState } from '../../src/store/tag-cache.js';
import { currentFileStates } from '../../src/session/file-states.js';
import { buildRepoMap } from '../../src/session/build-map.js';
import type { BuildMapOptions } from '../../src/session/types.js';
import { copyFixtureRepo, FIXTURES, makeTempDir } from '../helpers.js';

function cached(root: string, refresh: RefreshMode = 'auto', extra: Partial<BuildMapOptions> = {}) {
  const cache = new CacheConfig({ ...CacheConfig.defaults(root), refresh });
  return buildRepoMap({ root, workers: 0, cache, ...extra });
}

const golden = (name: string): string => readFileSync(path.join(FIXTURES, 'golden', `${name}.map.txt`), 'utf8');
/**
 * Tests that do not compare with a golden map fit with the approximate tokenizer: each map fitted
 * with o200k starts a counter that loads the BPE ranks (~0.9 s of CPU), and tokens are not what
 * the cache decides on.
 */
const FAST: Partial<BuildMapOptions> = { tokenizer: 'approx' };

describe('builds with a cache', () => {
  test('cold and warm builds give the golden map; the warm one parses nothing', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const cold = await cached(root);
    expect(cold.text).toBe(golden('polyglot-service'));
    expect(cold.stats).toMatchObject({ warm: false, parsed: 7 });
    const warm = await cached(root);
    expect(warm.text).toBe(cold.text);
    expect(warm.stats).toMatchObject({ warm: true, parsed: 0, rehashed: 0 });
  });

  test('a different budget or chat set is a different map, built from cached tags without parsing', async () => {
    const root = copyFixtureRepo('polyglot-service');
    await cached(root);
    const small = await cached(root, 'auto', { tokens: 160 });
    expect(small.text).toBe(golden('polyglot-service.small'));
    expect(small.stats).toMatchObject({ warm: false, parsed: 0 });
    const chat = await cached(root, 'auto', { chatFiles: ['src/store/models.py'], mentionedIdents: ['formatMoney'] });
    expect(chat.text).toBe(golden('polyglot-service.chat'));
  });

  test('an edited file is re-parsed alone, and the map is what a cache-less build gives', async () => {
    const root = copyFixtureRepo('polyglot-service');
    await cached(root, 'auto', FAST);
    const file = path.join(root, 'src', 'api', 'format.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('formatMoney', 'formatCurrency'));
    const edited = await cached(root, 'auto', FAST);
    expect(edited.stats).toMatchObject({ warm: false, parsed: 1 });
    expect(edited.text).toContain('export function formatCurrency');
    expect(edited.text).toBe((await buildRepoMap({ root, workers: 0, ...FAST })).text);
  });

  test('touching every file re-hashes them all, parses none and still answers warm', async () => {
    const root = copyFixtureRepo('systems-mix');
    const first = await cached(root, 'auto', FAST);
    const later = new Date(Date.now() + 60_000);
    for (const relPath of ['core/buffer.c', 'core/buffer.h', 'core/log.c', 'engine/src/lib.rs', 'jvm/src/main/java/mix/Bridge.java']) {
      utimesSync(path.join(root, relPath), later, later);
    }
    const touched = await cached(root, 'auto', FAST);
    expect(touched.stats).toMatchObject({ warm: true, parsed: 0, rehashed: 5 });
    expect(touched.text).toBe(first.text);
    const again = await cached(root, 'auto', FAST);
    expect(again.stats.rehashed).toBe(0);
  });

  test('a first build into an empty cache (hashed as it is parsed) records the rows, skips and map a build hashing first records', async () => {
    const root = copyFixtureRepo('systems-mix');
    // Beside the fixture's binary logo.png: an empty file, a script known by its shebang, a file too large.
    writeFileSync(path.join(root, 'core', 'empty.c'), '');
    writeFileSync(path.join(root, 'run'), '#!/usr/bin/env python3\ndef launch():\n    return 1\n');
    writeFileSync(path.join(root, 'vendor', 'big.c'), `int big[] = {${'1,'.repeat(600_000)}};\n`);
    const first = await cached(root, 'auto', FAST);
    expect(first.text).toBe((await buildRepoMap({ root, workers: 0, ...FAST })).text);
    expect(first.skipped.map((skip) => `${skip.relPath}: ${skip.reason}`)).toEqual(expect.arrayContaining(['logo.png: binary', 'vendor/big.c: too-large']));
    // The rows a sweep that reads every file first would write (one reads them all).
    const config = new CacheConfig({ ...CacheConfig.defaults(root), refresh: 'auto' });
    const store = new CacheManager(config, root);
    const discovery = discoverFiles({ root, excludeDirs: ['.repomap'] });
    const rows = (states: Iterable<FileState>) => [...states].map(({ relPath, mtimeMs, size, hash, language }) => ({ relPath, mtimeMs, size, hash, language })).sort((a, b) => a.relPath.localeCompare(b.relPath));
    expect(rows(store.tags.fileStates().values())).toEqual(rows(currentFileStates(discovery.files, new Map(), 'c').updates));
    store.close();
    const warm = await cached(root, 'auto', FAST);
    expect(warm.stats).toMatchObject({ warm: true, parsed: 0, rehashed: 0 });
    expect(warm.text).toBe(first.text);
  });

  test('added and deleted files enter and leave the map', async () => {
    const root = copyFixtureRepo('polyglot-service');
    await cached(root, 'auto', FAST);
    rmSync(path.join(root, 'lib', 'legacy.js'));
    writeFileSync(path.join(root, 'src', 'audit.py'), 'def audit_order(order):\n    return order.total()\n');
    const result = await cached(root, 'auto', FAST);
    expect(result.text).not.toContain('lib/legacy.js');
    expect(result.text).toContain('src/audit.py:');
    expect(result.stats.parsed).toBe(1);
    expect(result.text).toBe((await buildRepoMap({ root, workers: 0, ...FAST })).text);
  });

  test('a grammar change re-parses exactly that language’s files', async () => {
    const root = copyFixtureRepo('polyglot-service');
    await cached(root, 'auto', FAST);
    const copy = path.join(makeTempDir(), 'python.wasm');
    writeFileSync(copy, readFileSync(path.join(FIXTURES, '..', 'node_modules', 'tree-sitter-wasms', 'out', 'tree-sitter-python.wasm')));
    appendFileSync(copy, Buffer.from([0])); // same grammar, different bytes: a different fingerprint
    const result = await cached(root, 'auto', { ...FAST, grammarOverrides: { python: copy } });
    expect(result.stats.parsed).toBe(3);
  });
});

describe('refresh modes (SPEC A8)', () => {
  test('files: edits do not change the map until the file set changes', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const first = await cached(root, 'files', FAST);
    appendFileSync(path.join(root, 'src', 'api', 'format.ts'), '\nexport function newHelper(): number {\n  return 1;\n}\n');
    const edited = await cached(root, 'files', FAST);
    expect(edited.stats.warm).toBe(true);
    expect(edited.text).toBe(first.text);
    writeFileSync(path.join(root, 'src', 'extra.py'), 'def extra():\n    pass\n');
    const grown = await cached(root, 'files', FAST);
    expect(grown.stats.warm).toBe(false);
    expect(grown.text).toContain('newHelper');
  });

  test('manual: the last map is reused whatever changed, until a forced refresh', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const first = await cached(root, 'manual', FAST);
    writeFileSync(path.join(root, 'src', 'extra.py'), 'def extra():\n    pass\n');
    const reused = await cached(root, 'manual', { ...FAST, tokens: 2048 });
    expect(reused.text).toBe(first.text);
    const forced = await cached(root, 'manual', { ...FAST, forceRefresh: true });
    expect(forced.text).toContain('src/extra.py');
  });

  test('always: never reuses a map, but reuses tags', async () => {
    const root = copyFixtureRepo('polyglot-service');
    await cached(root, 'always');
    const second = await cached(root, 'always');
    expect(second.stats).toMatchObject({ warm: false, parsed: 0 });
    expect(second.text).toBe(golden('polyglot-service'));
  });
});
