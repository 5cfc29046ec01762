/**
 * The cache under real processes: concurrent builds, damaged and unwritable caches, a build
 * killed mid-way, and the stats / inspect / cache commands.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, copyFixtureRepo, FIXTURES, FORBID, makeTempDir, runRepomap, type Run } from '../helpers.js';
import { noCacheMap } from '../support/reference-map.js';

const repomap = runRepomap;

function repomapAsync(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (exitCode) => resolve({ stdout, stderr, exitCode }));
  });
}

const golden = readFileSync(path.join(FIXTURES, 'golden', 'polyglot-service.map.txt'), 'utf8');
const cacheFile = (root: string): string => path.join(root, '.repomap', 'cache.db');

/**
 * Where the tokenizer is not under test, builds use the approximate one: loading the o200k ranks
 * costs each process ~0.7 s of CPU. The concurrent builds and the warm build that must not load
 * the tokenizer keep the default, and compare with the golden map.
 */
const FAST = ['--tokenizer', 'approx'];
/** The polyglot-service map with FAST, as `build --no-cache` gives it (computed in this process). */
let fastMap: string;
beforeAll(async () => {
  fastMap = await noCacheMap(copyFixtureRepo('polyglot-service'), FAST);
});

/** A repository big enough that a cold build takes a while (for the kill test). */
function makeLargeRepo(files: number): string {
  const root = makeTempDir('repomap-large-');
  for (let i = 0; i < files; i++) {
    const lines = [`def function_${i}(value):`, `    return helper_${(i * 7) % files}(value)`, ''];
    for (let j = 0; j < 40; j++) lines.push(`def helper_${i}_${j}(x):`, `    return function_${(i + j) % files}(x) + ${j}`, '');
    writeFileSync(path.join(root, `module_${i}.py`), `${lines.join('\n')}\ndef helper_${i}(x):\n    return x\n`);
  }
  return root;
}

describe('several processes share one cache', () => {
  test('4 concurrent builds, cold then warm: no errors, identical maps', async () => {
    const root = copyFixtureRepo('polyglot-service');
    for (const phase of ['cold', 'warm']) {
      const runs = await Promise.all(Array.from({ length: 4 }, () => repomapAsync(['build'], root)));
      for (const run of runs) {
        expect(run.exitCode, `${phase}: ${run.stderr}`).toBe(0);
        expect(run.stderr, phase).toBe('');
        expect(run.stdout, phase).toBe(golden);
      }
    }
  });
});

describe('a damaged cache never costs the map', () => {
  /** One cold build's cache, copied into each case's fresh repository before it is damaged. */
  let built: string;
  beforeAll(() => {
    built = mkdtempSync(path.join(tmpdir(), 'repomap-built-cache-'));
    const root = copyFixtureRepo('polyglot-service');
    const run = repomap(['build', ...FAST], root);
    expect(run.exitCode, run.stderr).toBe(0);
    cpSync(path.join(root, '.repomap'), built, { recursive: true });
  });
  afterAll(() => rmSync(built, { recursive: true, force: true }));

  const damages: Array<[string, (file: string) => void]> = [
    ['random bytes', (file) => writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256)))],
    ['truncated', (file) => truncateSync(file, Math.floor(readFileSync(file).length / 3))],
    ['an empty file', (file) => writeFileSync(file, '')],
    [
      'a valid SQLite file with a foreign schema',
      (file) => {
        for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) writeFileSync(file + suffix, '');
        writeFileSync(file, '');
        const db = new Database(file);
        db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
        db.close();
      },
    ],
    [
      'a newer schema version',
      (file) => {
        const db = new Database(file);
        db.pragma('user_version = 999');
        db.close();
      },
    ],
  ];

  test.each(damages)('%s: one warning, the file moved aside, the same map, exit 0', (_, damage) => {
    const root = copyFixtureRepo('polyglot-service');
    cpSync(built, path.join(root, '.repomap'), { recursive: true });
    damage(cacheFile(root));
    const run = repomap(['build', ...FAST], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(fastMap);
    const warnings = run.stderr.trim().split('\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^repomap: warning: the cache .*cache\.db was (unusable|damaged) .*moved it to .*corrupt-/);
    expect(readdirSync(path.join(root, '.repomap')).some((name) => name.includes('.corrupt-'))).toBe(true);
    // Rebuilt: the next run is clean and warm.
    const next = repomap(['build', '--verbose', ...FAST], root);
    expect(next.stdout).toBe(fastMap);
    expect(next.stderr).toContain('served from the cache');
    expect(next.stderr).not.toContain('warning');
  });

  test('an unwritable cache directory falls back to memory with one warning', () => {
    const root = copyFixtureRepo('polyglot-service');
    const blocker = path.join(makeTempDir(), 'not-a-directory');
    writeFileSync(blocker, 'a file where the cache directory should be');
    const run = repomap(['build', ...FAST, '--cache-dir', path.join(blocker, 'cache')], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(fastMap);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^repomap: warning: the cache directory .*: ENOTDIR: .*; continuing without it \(same map, built from memory\)\. Fix: .* is not a directory: remove it, or set --cache-dir/)]);
  });

  test('a read-only cache directory falls back to memory too', () => {
    if (process.getuid?.() === 0) return; // root writes anywhere; the test above covers the fallback
    const root = copyFixtureRepo('polyglot-service');
    const dir = path.join(makeTempDir(), 'ro');
    repomap(['build', ...FAST, '--cache-dir', dir], root);
    chmodSync(dir, 0o500);
    const run = repomap(['build', ...FAST, '--cache-dir', dir], root);
    chmodSync(dir, 0o700);
    expect(run.stdout).toBe(fastMap);
  });

  test('a build killed during a cold build leaves a cache the next build uses correctly', async () => {
    const root = makeLargeRepo(300);
    const args = ['--tokens', '2048', ...FAST];
    const expected = await noCacheMap(root, args);
    const child = spawn(process.execPath, [BIN, 'build', ...args, '--workers', '2'], { cwd: root, stdio: 'ignore' });
    // Kill once the database exists and work is under way.
    await new Promise<void>((resolve) => {
      const started = Date.now();
      const timer = setInterval(() => {
        if (existsSync(cacheFile(root)) || Date.now() - started > 20_000) {
          clearInterval(timer);
          setTimeout(resolve, 300);
        }
      }, 20);
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const after = repomap(['build', ...args], root);
    expect(after.exitCode).toBe(0);
    expect(after.stdout).toBe(expected);
    expect(repomap(['build', ...args], root).stdout).toBe(expected);
  }, 120_000);
});

describe('cache commands', () => {
  test('a warm build loads neither tree-sitter nor the tokenizer; stats then reports entries, hit rates and the last build, and loads no parser, tokenizer or watcher', () => {
    const root = copyFixtureRepo('polyglot-service');
    repomap(['build'], root);
    const env = { REPOMAP_FORBID_MODULES: 'web-tree-sitter,gpt-tokenizer,chokidar' };
    const warm = repomap(['build'], root, env, ['--import', FORBID]);
    expect(warm.stderr).toBe('');
    expect(warm.stdout).toBe(golden);
    const run = repomap(['stats', '--json'], root, env, ['--import', FORBID]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const stats = JSON.parse(run.stdout);
    expect(stats.schema).toBe('repomap-stats/1');
    expect(stats.caches.maps).toMatchObject({ entries: 1, hits: 1, misses: 1, hitRate: 0.5 });
    expect(stats.caches.tags.entries).toBe(7);
    expect(stats.lastBuild).toMatchObject({ warm: true, languages: { go: 1, javascript: 1, python: 3, typescript: 2 } });
    expect(Object.keys(stats.lastBuild.timings)).toEqual(['discover', 'parse', 'rank', 'fit', 'render', 'total']);
    const text = repomap(['stats'], root, env, ['--import', FORBID]);
    expect(text.stdout).toMatch(/^maps\s+1\s/m);
    expect(text.stdout).toContain('last build:');
  });

  test('inspect shows a file’s cached tags as "name | kind def|ref (row, col)", its freshness and snippets', () => {
    const root = copyFixtureRepo('polyglot-service');
    repomap(['build', ...FAST], root);
    const run = repomap(['inspect', 'src/api/format.ts'], root, { REPOMAP_FORBID_MODULES: 'web-tree-sitter,gpt-tokenizer' }, ['--import', FORBID]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^src\/api\/format\.ts \(typescript\): fresh/);
    expect(run.stdout).toContain('formatMoney | function def (0, 16)');
    expect(run.stdout).toContain('parseInt | call ref (5, 23)');
    expect(run.stdout).toMatch(/tree entries: 1\nlines 0,4: .*current content/);
    writeFileSync(path.join(root, 'src', 'api', 'format.ts'), 'export const changed = 1;\n');
    const stale = JSON.parse(repomap(['inspect', 'src/api/format.ts', '--json'], root).stdout);
    expect(stale).toMatchObject({ status: 'stale', reason: expect.stringContaining('content changed') });
    expect(JSON.parse(repomap(['inspect', '--maps', '--json'], root).stdout).maps).toHaveLength(1);
  });

  test('inspect --rank explains a file’s rank from the identifiers that carry it, without parsing', () => {
    const root = copyFixtureRepo('polyglot-service');
    repomap(['build', ...FAST], root);
    const env = { REPOMAP_FORBID_MODULES: 'web-tree-sitter,gpt-tokenizer' };
    const run = repomap(['inspect', '--rank', 'src/store/models.py', '--json'], root, env, ['--import', FORBID]);
    expect(run.stderr).toBe('');
    const explanation = JSON.parse(run.stdout);
    expect(explanation).toMatchObject({ schema: 'repomap-inspect-rank/1', path: 'src/store/models.py', personalization: 0 });
    expect(explanation.position).toBeGreaterThanOrEqual(1);
    const order = explanation.incoming.map((entry: { ident: string }) => entry.ident);
    expect(order).toContain('Money');
    const money = explanation.incoming.find((entry: { ident: string }) => entry.ident === 'Money');
    expect(money.from.map((source: { path: string }) => source.path)).toContain('src/store/repository.py');
    const chat = JSON.parse(repomap(['inspect', '--rank', 'src/store/models.py', '--chat', 'src/store/repository.py', '--json'], root).stdout);
    expect(chat.rank).toBeGreaterThan(explanation.rank);
    expect(repomap(['inspect', '--rank', 'README.md'], root).stderr).toMatch(/not in the graph/);
  });

  test('cache prune drops deleted files and reports them; cache clear empties everything', () => {
    const root = copyFixtureRepo('polyglot-service');
    repomap(['build', ...FAST], root);
    spawnSync('rm', [path.join(root, 'lib', 'legacy.js')]);
    const pruned = repomap(['cache', 'prune'], root);
    expect(pruned.exitCode).toBe(0);
    expect(pruned.stdout).toMatch(/^pruned 1 deleted files: 1 tag entries, 1 tree entries, 1 maps\n {2}lib\/legacy\.js\n$/);
    const cleared = JSON.parse(repomap(['cache', 'clear', '--json'], root).stdout);
    expect(cleared.removed.files).toBe(8);
    expect(JSON.parse(repomap(['stats', '--json'], root).stdout).caches.tags.entries).toBe(0);
  });

  test('cache commands on a repository without a cache fail clearly', () => {
    const root = copyFixtureRepo('polyglot-service');
    const run = repomap(['stats'], root);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/no cache yet \(run repomap build first\)/);
  });
});
