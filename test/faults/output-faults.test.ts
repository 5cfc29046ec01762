/**
 * `--output` and stdout faults as real processes: a symlink, a FIFO, /dev/stdout, a missing
 * directory, a directory target, a full device behind stdout, a closed pipe, and an output file
 * inside the root. Each case asserts the exact map or the exact message and exit code.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, makeTempDir } from '../helpers.js';
import { MAP_ARGS, referenceMap, repomap, startChild, tinyRepo } from './fault-helpers.js';

const NO_CACHE = [...MAP_ARGS, '--no-cache'];

describe('--output writes to what the user named', () => {
  test('a symlink is written through to its target, atomically, keeping the target and its mode', async () => {
    const root = tinyRepo();
    const dir = makeTempDir();
    const target = path.join(dir, 'real-map.txt');
    writeFileSync(target, 'old map\n');
    chmodSync(target, 0o640);
    const link = path.join(dir, 'map.txt');
    symlinkSync('real-map.txt', link);
    const run = repomap([...NO_CACHE, '--output', link], root);
    expect(run).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real-map.txt');
    expect(readFileSync(target, 'utf8')).toBe(await referenceMap(root));
    expect(statSync(target).mode & 0o777).toBe(0o640);
  });

  test('a FIFO is written in place, not replaced', async () => {
    const root = tinyRepo();
    const fifo = path.join(makeTempDir(), 'map.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = startChild('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let received = '';
    reader.stdout!.on('data', (data) => (received += data));
    const done = new Promise((resolve) => reader.once('exit', resolve));
    const run = repomap([...NO_CACHE, '--output', fifo], root);
    await done;
    expect(run).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(received).toBe(await referenceMap(root));
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  test('/dev/stdout is written in place: the map reaches stdout and /dev/stdout stays a symlink', async () => {
    const root = tinyRepo();
    const before = lstatSync('/dev/stdout').isSymbolicLink();
    const run = repomap([...NO_CACHE, '--output', '/dev/stdout'], root);
    expect(run).toEqual({ stdout: await referenceMap(root), stderr: '', exitCode: 0 });
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(before);
  });

  test('a missing directory and a directory target are usage errors before any work', () => {
    const root = tinyRepo();
    const dir = makeTempDir();
    const missing = path.join(dir, 'no', 'such', 'map.txt');
    expect(repomap([...MAP_ARGS, '--output', missing], root)).toEqual({
      stdout: '',
      stderr: `repomap: --output: no such directory: ${path.dirname(missing)}\n`,
      exitCode: 2,
    });
    mkdirSync(path.join(dir, 'maps'));
    expect(repomap([...MAP_ARGS, '--output', path.join(dir, 'maps')], root)).toEqual({
      stdout: '',
      stderr: `repomap: --output: ${path.join(dir, 'maps')} is a directory\n`,
      exitCode: 2,
    });
    // Validation came first: no cache was created.
    expect(existsSync(path.join(root, '.repomap'))).toBe(false);
  });

  test('an output file inside the root is never part of the map it writes', async () => {
    const root = tinyRepo();
    const expected = await referenceMap(root, ['--tokens', '4000']);
    for (let run = 0; run < 2; run++) {
      expect(repomap([...MAP_ARGS, '--tokens', '4000', '--output', 'map.txt'], root).exitCode).toBe(0);
      expect(readFileSync(path.join(root, 'map.txt'), 'utf8')).toBe(expected);
    }
  });
});

describe('stdout faults', () => {
  test('a full device behind stdout is one line and exit 1; no stack trace', () => {
    const root = tinyRepo();
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [BIN, ...NO_CACHE], { cwd: root, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(result.stderr).toBe('repomap: stdout: ENOSPC: no space left on device, write\n');
      expect(result.status).toBe(1);
    } finally {
      closeSync(full);
    }
  });

  test('--output /dev/full is one line naming the flag, exit 1', () => {
    const root = tinyRepo();
    expect(repomap([...NO_CACHE, '--output', '/dev/full'], root)).toEqual({
      stdout: '',
      stderr: 'repomap: --output: cannot write /dev/full: ENOSPC: no space left on device, write\n',
      exitCode: 1,
    });
  });
});
