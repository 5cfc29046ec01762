/**
 * `repomap watch` end to end with real chokidar on temporary repositories: every map it writes
 * or serves must equal a cold `build --no-cache` of the same tree (computed in this process from
 * the same flags: support/reference-map.ts).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyFixtureRepo, makeTempDir, PROJECT_ROOT } from '../helpers.js';
import { noCacheMap } from '../support/reference-map.js';
import { runRepomap, startWatch, waitUntil, type WatchProcess } from '../support/watch-process.js';

/** How long a watcher may take to reflect a change on a loaded machine; each wait is far below the test timeout. */
const CONVERGE_MS = 30_000;
/**
 * What the watcher keeps current is the files' tags and the graph; the budget's tokenizer is not
 * under test, and the approximate one spares each process ~0.7 s of CPU loading BPE ranks. The
 * test of builds answered by the watcher keeps the default tokenizer.
 */
const FAST = ['--tokenizer', 'approx'];

async function expectOutputConverges(output: string, root: string, args: string[]): Promise<void> {
  const expected = await noCacheMap(root, args);
  const read = (): string => (existsSync(output) ? readFileSync(output, 'utf8') : '');
  await waitUntil(() => read() === expected, CONVERGE_MS, () => `the watcher's map never matched build --no-cache:\n--- watcher\n${read()}\n--- build\n${expected}`);
}

async function startWatcherOn(root: string, output: string, args: string[] = []): Promise<WatchProcess> {
  const watcher = startWatch(['--output', output, '--verbose', ...args], root);
  await watcher.waitForStderr(/answering builds on/);
  return watcher;
}

// Each test spawns a watcher and several builds: a generous limit for a shared, loaded machine.
describe('repomap watch', { timeout: 300_000 }, () => {
  test('keeps --output equal to a cold build through edits, atomic saves, new and removed directories', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const output = path.join(makeTempDir(), 'map.txt');
    const watcher = await startWatcherOn(root, output, FAST);
    try {
      await expectOutputConverges(output, root, FAST);
      appendFileSync(path.join(root, 'src/store/models.py'), '\n\ndef archive_order(order):\n    return order\n');
      await expectOutputConverges(output, root, FAST);
      // An editor's atomic save: write a temporary file, rename it over the original.
      const temporary = path.join(root, 'src/api/.format.ts.swp');
      writeFileSync(temporary, `${readFileSync(path.join(root, 'src/api/format.ts'), 'utf8')}\nexport function formatReceipt(total: number): string { return String(total); }\n`);
      renameSync(temporary, path.join(root, 'src/api/format.ts'));
      await expectOutputConverges(output, root, FAST);
      // A directory deleted and created again with other contents.
      rmSync(path.join(root, 'src/store'), { recursive: true });
      await expectOutputConverges(output, root, FAST);
      mkdirSync(path.join(root, 'src/store'));
      writeFileSync(path.join(root, 'src/store/ledger.py'), 'from api.format import formatReceipt\n\ndef post_entry(entry):\n    return formatReceipt(entry)\n');
      await expectOutputConverges(output, root, FAST);
      // The map file can be read before the watcher's stderr line about it arrives: wait for the line.
      await watcher.waitForStderr(/file.*map updated in \d+ ms/, CONVERGE_MS);
    } finally {
      expect(await watcher.stop()).toBe(0);
    }
  });

  test('a .gitignore edit is re-evaluated: a directory no longer ignored enters the map', async () => {
    const root = copyFixtureRepo('polyglot-service');
    mkdirSync(path.join(root, 'generated'));
    writeFileSync(path.join(root, 'generated/client.py'), 'def generated_client_entry():\n    return 1\n');
    writeFileSync(path.join(root, '.gitignore'), 'generated/\n');
    const output = path.join(makeTempDir(), 'map.txt');
    const watcher = await startWatcherOn(root, output, FAST);
    try {
      await expectOutputConverges(output, root, FAST);
      expect(readFileSync(output, 'utf8')).not.toContain('generated_client_entry');
      writeFileSync(path.join(root, '.gitignore'), '\n');
      await expectOutputConverges(output, root, FAST);
      expect(readFileSync(output, 'utf8')).toContain('generated/client.py');
      // A file created later in the directory that was ignored is seen too: it is watched now.
      writeFileSync(path.join(root, 'generated/server.py'), 'from generated.client import generated_client_entry\n\ndef serve():\n    return generated_client_entry()\n');
      await expectOutputConverges(output, root, FAST);
    } finally {
      expect(await watcher.stop()).toBe(0);
    }
  });

  test('the header language flips with the last .c file removed, and back: .h files are re-read', async () => {
    const root = copyFixtureRepo('systems-mix');
    const output = path.join(makeTempDir(), 'map.txt');
    const watcher = await startWatcherOn(root, output, FAST);
    try {
      await expectOutputConverges(output, root, FAST);
      rmSync(path.join(root, 'core/log.c'));
      renameSync(path.join(root, 'core/buffer.c'), path.join(root, 'core/buffer.cpp'));
      await expectOutputConverges(output, root, FAST);
      writeFileSync(path.join(root, 'core/log.c'), '#include "buffer.h"\nvoid log_line(void) {}\n');
      await expectOutputConverges(output, root, FAST);
    } finally {
      expect(await watcher.stop()).toBe(0);
    }
  });

  test('build is answered by the running watcher, for its own request and for another chat set', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const output = path.join(makeTempDir(), 'map.txt');
    const watcher = await startWatcherOn(root, output, ['--tokens', '512']);
    try {
      appendFileSync(path.join(root, 'src/api/handlers.ts'), '\nexport function handleRefund(id: string) { return id; }\n');
      // No waiting: the watcher's reply must include the edit made before the request.
      for (const args of [['--tokens', '512'], ['--tokens', '700', '--chat', 'src/main.go']]) {
        const served = await runRepomap(['build', '--verbose', ...args], root);
        expect(served.exitCode).toBe(0);
        expect(served.stderr).toMatch(/answered by the watcher \(pid \d+\)/);
        expect(served.stdout).toBe(await noCacheMap(root, args));
      }
      // Answered before anything heavy is loaded: no SQLite, no parser, no tokenizer, no watcher.
      const light = await runRepomap(['build', '--verbose', '--tokens', '512'], root, {
        nodeArgs: ['--import', path.join(PROJECT_ROOT, 'test', 'support', 'forbid-modules.mjs')],
        env: { REPOMAP_FORBID_MODULES: 'better-sqlite3,web-tree-sitter,gpt-tokenizer,chokidar' },
      });
      expect(light.stderr).toMatch(/answered by the watcher/);
      expect(light.exitCode).toBe(0);
      const stats = await runRepomap(['stats'], root);
      expect(stats.stdout).toMatch(/watcher: running \(pid \d+, version [\d.]+, since .*\), \d+ updates.*, 3 builds served/);
      const json = JSON.parse((await runRepomap(['stats', '--json'], root)).stdout);
      expect(json.watcher).toMatchObject({ pid: watcher.child.pid, served: 3 });
    } finally {
      expect(await watcher.stop('SIGINT')).toBe(0);
    }
    expect((await runRepomap(['stats'], root)).stdout).toContain('watcher: none running');
  });

  test('a watcher with other settings is not asked; a quiet build says nothing about it', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const watcher = await startWatcherOn(root, path.join(makeTempDir(), 'map.txt'), [...FAST, '--exclude', 'scripts/']);
    try {
      const verbose = await runRepomap(['build', '--verbose', ...FAST], root);
      expect(verbose.stderr).toMatch(/building here: the watcher \(pid \d+, version [\d.]+\) runs with other settings/);
      const quiet = await runRepomap(['build', ...FAST], root);
      expect(quiet.stderr).toBe('');
      expect(quiet.stdout).toBe(await noCacheMap(root, FAST));
    } finally {
      expect(await watcher.stop()).toBe(0);
    }
  });

  test('a watcher killed with SIGKILL leaves a stale socket that build detects and ignores', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const watcher = await startWatcherOn(root, path.join(makeTempDir(), 'map.txt'), FAST);
    expect(await watcher.stop('SIGKILL')).toBe(null);
    expect(existsSync(path.join(root, '.repomap', 'watch.sock'))).toBe(true);
    const verbose = await runRepomap(['build', '--verbose', ...FAST], root);
    expect(verbose.exitCode).toBe(0);
    expect(verbose.stderr).toMatch(/building here: stale socket .*watch\.sock \(no watcher behind it\)/);
    const quiet = await runRepomap(['build', ...FAST], root);
    expect(quiet).toEqual({ exitCode: 0, stderr: '', stdout: await noCacheMap(root, FAST) });
    // The next watcher takes the socket over.
    const next = await startWatcherOn(root, path.join(makeTempDir(), 'map.txt'), FAST);
    try {
      expect((await runRepomap(['build', '--verbose', ...FAST], root)).stderr).toMatch(/answered by the watcher/);
    } finally {
      expect(await next.stop()).toBe(0);
    }
  });

  test('without --output every map goes to stdout followed by a NUL byte', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const watcher = startWatch(['--tokens', '400', ...FAST], root);
    await watcher.waitForStderr(/first map in \d+ ms/);
    appendFileSync(path.join(root, 'scripts/seed.py'), '\n\ndef seed_refunds():\n    return []\n');
    await watcher.waitForStderr(/map updated in \d+ ms/);
    expect(await watcher.stop()).toBe(0);
    const maps = watcher.stdout().toString('utf8').split('\0');
    expect(maps.pop()).toBe('');
    expect(maps).toHaveLength(2);
    expect(maps[1]).toBe(await noCacheMap(root, ['--tokens', '400', ...FAST]));
    expect(watcher.stderr().trim().split('\n')).toHaveLength(2);
  });

  test('SIGTERM during a burst of edits exits 0 and leaves a whole map file', async () => {
    const root = copyFixtureRepo('polyglot-service');
    const output = path.join(makeTempDir(), 'map.txt');
    const watcher = await startWatcherOn(root, output, [...FAST, '--settle', '1']);
    for (let i = 0; i < 200; i++) appendFileSync(path.join(root, 'lib/legacy.js'), `\nfunction legacyHelper${i}() { return ${i}; }\n`);
    expect(await watcher.stop('SIGTERM')).toBe(0);
    const written = readFileSync(output, 'utf8');
    expect(written.endsWith('\n')).toBe(true);
    expect(written).toContain('lib/legacy.js');
    expect(existsSync(path.join(root, '.repomap', 'watch.sock'))).toBe(false);
  });

  test('the root removed: a clear error and exit 1', async () => {
    const parent = makeTempDir();
    const root = path.join(parent, 'repo');
    mkdirSync(root);
    writeFileSync(path.join(root, 'main.py'), 'def main():\n    return 0\n');
    const watcher = startWatch(['--output', path.join(parent, 'map.txt'), '--no-cache', ...FAST], root);
    await watcher.waitForStderr(/first map in/);
    rmSync(root, { recursive: true, force: true });
    expect(await watcher.exited).toBe(1);
    expect(watcher.stderr()).toContain(`repomap: ${root}: the repository root was removed; stopped watching`);
  });

  test('the inotify watch limit reached: a warning naming the sysctl, then polling keeps the map current', async () => {
    // A user namespace of our own with a tiny inotify limit: a real ENOSPC without touching the machine's.
    const probe = spawnSync('unshare', ['-U', '-r', 'sh', '-c', 'echo 3 > /proc/sys/user/max_inotify_watches'], { encoding: 'utf8' });
    if (probe.status !== 0) throw new Error(`this test needs user namespaces (unshare -U -r): ${probe.stderr}`);
    const root = copyFixtureRepo('polyglot-service');
    const output = path.join(makeTempDir(), 'map.txt');
    const watcher = startWatch(['--output', output, '--no-cache', ...FAST], root, {
      prefix: ['unshare', '-U', '-r', 'sh', '-c', 'echo 3 > /proc/sys/user/max_inotify_watches && exec "$@"', 'sh'],
    });
    try {
      await watcher.waitForStderr(/fs\.inotify\.max_user_watches.*polling/);
      await expectOutputConverges(output, root, FAST);
      appendFileSync(path.join(root, 'src/store/repository.py'), '\n\ndef purge_expired():\n    return None\n');
      await expectOutputConverges(output, root, FAST);
      expect(watcher.stderr().match(/max_user_watches/g)).toHaveLength(1);
    } finally {
      expect(await watcher.stop()).toBe(0);
    }
  });
});
