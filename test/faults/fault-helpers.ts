/**
 * Shared set-up for the fault suite: a tiny repository, the built binary run as a real process
 * (optionally as another user), the reference map (`--no-cache`) and real faults: tmpfs mounts,
 * held locks, FIFOs. Every helper undoes what it did (afterEach), so a failed case leaves no
 * mount behind.
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { accessSync, appendFileSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { BIN, makeTempDir } from '../helpers.js';
import { noCacheMap } from '../support/reference-map.js';

export interface Run {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** The approximate tokenizer keeps each process short; the faults are the same with any. */
export const MAP_ARGS = ['build', '--tokenizer', 'approx'];

export const isRoot = process.getuid?.() === 0;

export function repomap(args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; as?: 'nobody' } & SpawnSyncOptions = {}): Run {
  const { env, as, ...spawnOptions } = options;
  const command = as === 'nobody' ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath] : [process.execPath];
  const result = spawnSync(command[0]!, [...command.slice(1), BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    ...spawnOptions,
  });
  return { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.status };
}

/** A small repository of three Python files that reference each other. */
export function tinyRepo(): string {
  const root = makeTempDir('repomap-fault-');
  mkdirSync(path.join(root, 'pkg'));
  writeFileSync(path.join(root, 'pkg', 'util.py'), 'def helper(x):\n    return x + 1\n\nclass Greeter:\n    def greet(self):\n        return helper(2)\n');
  writeFileSync(path.join(root, 'pkg', 'store.py'), 'from pkg.util import helper\n\ndef save(item):\n    return helper(item)\n');
  writeFileSync(path.join(root, 'app.py'), 'from pkg.util import Greeter\nfrom pkg.store import save\n\ndef main():\n    print(Greeter().greet(), save(3))\n');
  return root;
}

let edits = 0;
/** A real edit: a new definition that the map shows, in one of the repository's files. */
export function editRepo(root: string, file = 'pkg/util.py'): void {
  edits++;
  appendFileSync(path.join(root, file), `\ndef added_${edits}(value):\n    return helper(value)\n`);
}

/**
 * The map the cache must never change: the same build without any cache, computed in the test's
 * process from the same flags (the fault is in the process under test, not in the reference).
 */
export function referenceMap(root: string, extra: string[] = []): Promise<string> {
  return noCacheMap(root, [...MAP_ARGS.slice(1), ...extra]);
}

export function stderrLines(run: Run): string[] {
  return run.stderr.split('\n').filter(Boolean);
}

const mounts: string[] = [];
const children: Array<{ kill(signal?: NodeJS.Signals): boolean }> = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const point of mounts.splice(0).reverse()) spawnSync('umount', ['-l', point]);
});

/** A fresh tmpfs of `size` (e.g. '2m') at a new directory; root only. Unmounted after the test. */
export function mountTmpfs(size: string): string {
  const point = makeTempDir('repomap-tmpfs-');
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0777`, 'tmpfs', point], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`mount tmpfs: ${result.stderr}`);
  mounts.push(point);
  return point;
}

export function remountReadOnly(point: string): void {
  const result = spawnSync('mount', ['-o', 'remount,ro', point], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`remount ro: ${result.stderr}`);
}

/** Why the non-root user cannot run the binary here (a checkout under a private home), if so. */
export function nobodyCannotRun(): string | undefined {
  const probe = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN, '--version'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : `user nobody cannot run ${BIN} (${probe.stderr.trim().split('\n')[0] ?? probe.error?.message})`;
}

/** Starts a process and remembers it, so it is killed after the test whatever happens. */
export function startChild(command: string, args: string[], options: Parameters<typeof spawn>[2]) {
  const child = spawn(command, args, options);
  children.push(child);
  return child;
}

export function isWritable(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
