/**
 * No stampede, under real processes sharing one cache: concurrent cold builds parse each file
 * once between them, a lock left by a crashed holder blocks nobody past its expiry, and one left
 * by a killed process of this machine blocks nobody at all.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildRepoMap } from '../../src/session/build-map.js';
import { languageFingerprints } from '../../src/session/fingerprints.js';
import { firstBuildWork, SHARE_MIN_FILES, workName } from '../../src/session/share-work.js';
import { CacheConfig } from '../../src/store/cache-config.js';
import { CacheManager } from '../../src/store/cache-manager.js';
import { contentHash } from '../../src/tags/read-source.js';
import { BIN, makeTempDir, PROJECT_ROOT } from '../helpers.js';

const FILES = SHARE_MIN_FILES * 3;

function makeRepo(): string {
  const root = makeTempDir('repomap-stampede-');
  for (let i = 0; i < FILES; i++) {
    const lines = [`def function_${i}(value):`, `    return function_${(i * 7) % FILES}(value)`, ''];
    for (let j = 0; j < 20; j++) lines.push(`def helper_${i}_${j}(x):`, `    return function_${(i + j) % FILES}(x)`, '');
    writeFileSync(path.join(root, `module_${i}.py`), lines.join('\n'));
  }
  return root;
}

function build(root: string, cacheDir: string): Promise<{ stdout: string; parsed: number; exitCode: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'build', '--root', root, '--cache-dir', cacheDir, '--verbose', '--tokenizer', 'approx']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // A build that waited for another's map prints it without parsing ("served from the cache").
    child.on('close', (exitCode) => resolve({ stdout, exitCode, parsed: stderr.includes('served from the cache') ? 0 : Number(/parsed (\d+) files/.exec(stderr)?.[1] ?? -1) }));
  });
}

// Maps fit with the approximate tokenizer: tokens are not under test, and o200k costs each map ~0.9 s of CPU to load its ranks.
describe('builds needing the same tags at once', { timeout: 240_000 }, () => {
  test('4 concurrent cold builds sharing a cache parse every file once between them, with identical maps', async () => {
    const root = makeRepo();
    const cacheDir = makeTempDir('repomap-stampede-cache-');
    const runs = await Promise.all(Array.from({ length: 4 }, () => build(root, cacheDir)));
    for (const run of runs) expect(run.exitCode).toBe(0);
    expect(new Set(runs.map((run) => run.stdout)).size).toBe(1);
    expect(runs.reduce((sum, run) => sum + run.parsed, 0)).toBe(FILES);
  });

  // Two locks: the missing tags of a cache that knows the files already, and a first build's.
  test.each(['tags', 'first build'])('a lock left by a crashed holder (%s) delays a build only until it expires', async (work) => {
    const root = makeRepo();
    const cache = CacheConfig.fromEnv(root, { cacheDir: makeTempDir('repomap-stampede-cache-') }, {});
    const cold = await buildRepoMap({ root, tokenizer: 'approx', workers: 0 });
    const fingerprint = languageFingerprints(['python'], undefined).get('python')!;
    const keys = Array.from({ length: FILES }, (_, i) => ({ hash: contentHash(readFileSync(path.join(root, `module_${i}.py`))), fingerprint }));
    // The cache knows one file, so the build hashes first and locks the rest's tags by their keys.
    if (work === 'tags') await buildRepoMap({ root, tokenizer: 'approx', cache, workers: 0, paths: ['module_0.py'] });
    const EXPIRES_IN_MS = 1500;
    // A holder that claimed this build's work and died: its lock is never released.
    const crashed = new CacheManager(cache, root);
    // (module_0.py comes from the index snapshot: the others are looked up.)
    expect(crashed.locks.claim(work === 'tags' ? workName(keys.slice(1)) : firstBuildWork(path.resolve(root)), EXPIRES_IN_MS)).toBe(true);
    crashed.close();

    const started = performance.now();
    const result = await buildRepoMap({ root, tokenizer: 'approx', cache, workers: 0 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(EXPIRES_IN_MS - 100);
    expect(result.text).toBe(cold.text);
    expect(result.stats.parsed).toBe(work === 'tags' ? FILES - 1 : FILES);
  });

  test('a lock held by a killed process of this machine is taken over at once', async () => {
    const root = makeRepo();
    const cacheDir = makeTempDir('repomap-stampede-cache-');
    const cold = await buildRepoMap({ root, tokenizer: 'approx', workers: 0 });
    // A real process claims this build's work for a minute, says so, and is killed holding it.
    const script = `
      import { CacheConfig } from ${JSON.stringify(path.join(PROJECT_ROOT, 'dist/store/cache-config.js'))};
      import { CacheManager } from ${JSON.stringify(path.join(PROJECT_ROOT, 'dist/store/cache-manager.js'))};
      const cache = new CacheManager(CacheConfig.fromEnv(process.argv[1], { cacheDir: process.argv[2] }, {}), process.argv[1]);
      process.stdout.write(String(cache.locks.claim(process.argv[3], 60_000)));
      setInterval(() => {}, 1000);`;
    // The lock a first build into this empty cache takes.
    const holder = spawn(process.execPath, ['--input-type=module', '-e', script, root, cacheDir, firstBuildWork(path.resolve(root))]);
    const claimed = await new Promise<string>((resolve) => holder.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    expect(claimed).toBe('true');
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('close', resolve));

    const cache = CacheConfig.fromEnv(root, { cacheDir }, {});
    const started = performance.now();
    const result = await buildRepoMap({ root, tokenizer: 'approx', cache, workers: 0 });
    // Far below the minute the dead holder claimed (a live holder would make this build wait).
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(result.text).toBe(cold.text);
    expect(result.stats.parsed).toBe(FILES);
  });
});
