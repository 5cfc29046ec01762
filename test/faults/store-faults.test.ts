/**
 * Storage faults, produced for real: a full disk (a small tmpfs), a read-only file system and a
 * read-only cache file (as another user), a lock held past the busy timeout, a `-wal` that is a
 * directory, SIGKILL at random points of warm builds, and builds racing `cache clear`/`prune`.
 * Each case ends in the --no-cache map with exit 0 and at most one warning, or in an exact
 * message and exit code.
 */
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { BIN, PROJECT_ROOT } from '../helpers.js';
import {
  editRepo,
  isRoot,
  MAP_ARGS,
  mountTmpfs,
  nobodyCannotRun,
  referenceMap,
  remountReadOnly,
  repomap,
  startChild,
  stderrLines,
  tinyRepo,
} from './fault-helpers.js';

const warning = (cause: RegExp, fix: RegExp): RegExp =>
  new RegExp(`^repomap: warning: the cache \\S+: ${cause.source}; continuing without it \\(same map, built from memory\\)\\. Fix: ${fix.source}$`);

describe('the cache degrades, the map does not', () => {
  test.skipIf(!isRoot)('a full disk: the warm build after an edit prints the same map and one warning', async () => {
    const root = tinyRepo();
    const disk = mountTmpfs('512k');
    const cacheArgs = ['--cache-dir', disk];
    expect(repomap([...MAP_ARGS, ...cacheArgs], root).exitCode).toBe(0);
    // Fill every byte left, then edit so the build has something to write.
    const filler = path.join(disk, 'filler');
    const chunk = Buffer.alloc(4096, 1);
    try {
      for (;;) writeFileSync(filler, chunk, { flag: 'a' });
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    editRepo(root);
    const run = repomap([...MAP_ARGS, ...cacheArgs], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(await referenceMap(root));
    expect(stderrLines(run)).toEqual([expect.stringMatching(warning(/.*\((SQLITE_FULL|SQLITE_IOERR\w*)\)/, /free disk space in .*/))]);
  });
  if (!isRoot) console.log('skipped the full-disk case: mounting a small tmpfs needs root');

  test.skipIf(!isRoot)('a read-only file system: warm builds are still served from the cache, edits build from memory', async () => {
    const root = tinyRepo();
    const disk = mountTmpfs('4m');
    const cacheArgs = ['--cache-dir', disk];
    expect(repomap([...MAP_ARGS, ...cacheArgs], root).exitCode).toBe(0);
    remountReadOnly(disk);
    const warm = repomap([...MAP_ARGS, ...cacheArgs, '--verbose'], root);
    expect(warm.exitCode).toBe(0);
    expect(warm.stdout).toBe(await referenceMap(root));
    const lines = stderrLines(warm);
    expect(lines.filter((line) => line.startsWith('repomap: warning:'))).toEqual([
      expect.stringMatching(warning(/.*\((SQLITE_READONLY\w*|SQLITE_CANTOPEN|EROFS)\)/, /make .* writable by this user, or set --cache-dir .*/)),
    ]);
    expect(lines).toContain('repomap: served from the cache (0 files re-hashed)');
    editRepo(root);
    const edited = repomap([...MAP_ARGS, ...cacheArgs], root);
    expect(edited.exitCode).toBe(0);
    expect(edited.stdout).toBe(await referenceMap(root));
    expect(stderrLines(edited)).toEqual([expect.stringMatching(warning(/.*\((SQLITE_READONLY\w*|SQLITE_CANTOPEN|EROFS)\)/, /make .* writable.*/))]);
    const clear = repomap(['cache', 'clear', '--cache-dir', disk], root);
    expect(clear.exitCode).toBe(1);
    expect(clear.stderr).toMatch(/^repomap: cache clear: cannot change the cache \S+: .*\. Fix: make .* writable by this user, or set --cache-dir .*\n$/);
  });

  const nobodyProblem = isRoot ? nobodyCannotRun() : 'runs only as root (it switches to user nobody)';
  if (nobodyProblem) console.log(`skipped the read-only cache file case: ${nobodyProblem}`);
  test.skipIf(nobodyProblem !== undefined)('a read-only cache file, as a user who cannot write it: the same map and one warning', async () => {
    const root = tinyRepo();
    chmodSync(root, 0o755);
    expect(repomap(MAP_ARGS, root).exitCode).toBe(0);
    editRepo(root);
    // The repository and the cache stay root's; nobody may read them, not write them.
    const run = repomap(MAP_ARGS, root, { as: 'nobody' });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(await referenceMap(root));
    expect(stderrLines(run)).toEqual([expect.stringMatching(warning(/.*\(SQLITE_READONLY\w*\)/, /make .* writable by this user.*/))]);
  });

  test('a lock held past the busy timeout: the same map and one warning naming the lock', async () => {
    const root = tinyRepo();
    expect(repomap(MAP_ARGS, root).exitCode).toBe(0);
    const holder = startChild(
      process.execPath,
      [
        '-e',
        `const Database = require(${JSON.stringify(createRequire(path.join(PROJECT_ROOT, 'package.json')).resolve('better-sqlite3'))});
         const db = new Database(process.argv[1]);
         db.exec('BEGIN IMMEDIATE');
         db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('lock-holder', '1')").run();
         process.stdout.write('locked\\n');
         setInterval(() => {}, 1000);`,
        path.join(root, '.repomap', 'cache.db'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    editRepo(root);
    const run = repomap(MAP_ARGS, root, { env: { REPO_MAP_CACHE_BUSY_TIMEOUT_MS: '200' } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(await referenceMap(root));
    expect(stderrLines(run)).toEqual([
      expect.stringMatching(warning(/database is locked \(SQLITE_BUSY\)/, /another process held the cache's lock for over 200 ms; let it finish \(or end it\) and run again/)),
    ]);
  });

  test('a -wal that is a directory: the same map, one warning saying to remove it; cache clear says why it cannot', async () => {
    const root = tinyRepo();
    expect(repomap(MAP_ARGS, root).exitCode).toBe(0);
    const wal = path.join(root, '.repomap', 'cache.db-wal');
    rmSync(wal, { force: true });
    mkdirSync(wal);
    editRepo(root);
    const run = repomap(MAP_ARGS, root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(await referenceMap(root));
    expect(stderrLines(run)).toEqual([expect.stringMatching(warning(/unable to open database file \(SQLITE_CANTOPEN\)/, new RegExp(`${wal}: is not a regular file: remove it`.replace(': is', ' is'))))]);
    const clear = repomap(['cache', 'clear'], root);
    expect(clear.exitCode).toBe(1);
    expect(clear.stderr).toBe(`repomap: cache clear: cannot change the cache ${path.join(root, '.repomap', 'cache.db')}: unable to open database file (SQLITE_CANTOPEN). Fix: ${wal} is not a regular file: remove it\n`);
  });
});

describe('killed and racing processes', () => {
  test('SIGKILL at 20 random points of warm builds with edits never costs a later build its map', async () => {
    const root = tinyRepo();
    expect(repomap(MAP_ARGS, root).exitCode).toBe(0);
    const started = Date.now();
    editRepo(root);
    expect(repomap(MAP_ARGS, root).exitCode).toBe(0);
    const warmMs = Date.now() - started;
    for (let point = 0; point < 20; point++) {
      editRepo(root, point % 2 === 0 ? 'pkg/util.py' : 'pkg/store.py');
      const child = startChild(process.execPath, [BIN, ...MAP_ARGS], { cwd: root, stdio: 'ignore' });
      const delay = Math.floor(Math.random() * warmMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), delay);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const run = repomap(MAP_ARGS, root);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(await referenceMap(root));
  }, 240_000);

  test('builds racing cache clear and cache prune all print the --no-cache map', async () => {
    const root = tinyRepo();
    expect(repomap(MAP_ARGS, root).exitCode).toBe(0);
    editRepo(root);
    rmSync(path.join(root, 'pkg', 'store.py'));
    const expected = await referenceMap(root);
    const runAsync = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = startChild(process.execPath, [BIN, ...args], { cwd: root });
        let stdout = '';
        let stderr = '';
        child.stdout!.on('data', (data) => (stdout += data));
        child.stderr!.on('data', (data) => (stderr += data));
        child.once('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const results = await Promise.all([runAsync(MAP_ARGS), runAsync(['cache', 'clear']), runAsync(MAP_ARGS), runAsync(['cache', 'prune']), runAsync(MAP_ARGS)]);
    for (const [index, result] of results.entries()) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      if (index % 2 === 0) expect(result.stdout).toBe(expected);
    }
    expect(repomap(MAP_ARGS, root).stdout).toBe(expected);
    expect(readdirSync(path.join(root, '.repomap')).filter((name) => name.includes('corrupt'))).toEqual([]);
  });
});

describe('housekeeping tells the truth', () => {
  test('stats and cache clear say what they found: no cache yet, or a cache directory that is a file', () => {
    const root = tinyRepo();
    const cacheFile = path.join(root, '.repomap', 'cache.db');
    for (const command of [['stats'], ['cache', 'clear']]) {
      expect(repomap(command, root)).toEqual({ stdout: '', stderr: `repomap: ${cacheFile}: no cache yet (run repomap build first)\n`, exitCode: 1 });
    }
    writeFileSync(path.join(root, '.repomap'), 'a file where the cache directory goes');
    for (const command of [['stats'], ['cache', 'clear']]) {
      expect(repomap(command, root)).toEqual({
        stdout: '',
        stderr: `repomap: ${path.join(root, '.repomap')}: the cache directory is not a directory (remove it, or set --cache-dir to another directory)\n`,
        exitCode: 1,
      });
    }
  });

  test('damaged rows in a sound database (tags, maps, remembered timeouts) cost a parse, never the map', async () => {
    const Database = createRequire(path.join(PROJECT_ROOT, 'package.json'))('better-sqlite3') as typeof import('better-sqlite3');
    const root = tinyRepo();
    const damage = (statements: string[]): void => {
      const db = new Database(path.join(root, '.repomap', 'cache.db'));
      try {
        for (const statement of statements) db.prepare(statement).run();
      } finally {
        db.close();
      }
    };
    expect(repomap(MAP_ARGS, root).exitCode).toBe(0);
    const reference = await referenceMap(root);
    // Tags that are not JSON, JSON that is not tags, a map that is not a map; the index
    // snapshot goes so the tags are read from their rows.
    for (const data of ['{not json', '{"l":"python","d":[["helper"]],"r":[],"b":0,"s":[]}']) {
      damage([`UPDATE tags SET data = '${data}'`, `UPDATE maps SET result = '{"text":1}'`, "INSERT OR REPLACE INTO meta (key, value) VALUES ('parse_timeouts', '{')", 'DELETE FROM snapshots']);
      const damaged = repomap(MAP_ARGS, root);
      expect(damaged.exitCode).toBe(0);
      expect(damaged.stdout).toBe(reference);
      expect(stderrLines(damaged)).toEqual([expect.stringMatching(/^repomap: warning: cache: 3 damaged tag entries dropped and parsed again \(app\.py, pkg\/store\.py, pkg\/util\.py\)$/)]);
      // The damaged rows were replaced: the next build reads them without a word.
      damage(['DELETE FROM snapshots', 'DELETE FROM maps']);
      const after = repomap([...MAP_ARGS, '--verbose'], root);
      expect(after.exitCode).toBe(0);
      expect(after.stdout).toBe(reference);
      expect(stderrLines(after).filter((line) => line.includes('warning'))).toEqual([]);
      expect(stderrLines(after)).toContain('repomap: parsed 0 files, 3 from the cache, 0 re-hashed');
    }
  });

  test('damaged databases are quarantined, only the newest copy is kept, and cache clear removes it', async () => {
    const root = tinyRepo();
    const dir = path.join(root, '.repomap');
    const quarantined = () => readdirSync(dir).filter((name) => name.startsWith('cache.db.corrupt-'));
    for (let round = 0; round < 2; round++) {
      expect(repomap(MAP_ARGS, root).exitCode).toBe(0);
      writeFileSync(path.join(dir, 'cache.db'), `not a database ${round}`.repeat(100));
      const run = repomap(MAP_ARGS, root);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toBe(await referenceMap(root));
      expect(stderrLines(run)).toEqual([expect.stringMatching(/^repomap: warning: the cache \S+ was unusable \(.*\); moved it to \S+\.corrupt-\S+ and rebuilt it$/)]);
      expect(quarantined()).toHaveLength(1);
    }
    const clear = repomap(['cache', 'clear'], root);
    expect(clear.exitCode).toBe(0);
    expect(clear.stdout).toMatch(/, 1 quarantined databases\n$/);
    expect(quarantined()).toEqual([]);
  });
});
