/**
 * The ordering the watcher's quick sync rests on, on the real system: chokidar's raw events and
 * a plain name watch of another directory arrive in the order the kernel queued them (libuv
 * reads one inotify descriptor per loop), while chokidar's own events may come later.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { watchNamesWithFs, watchWithChokidar } from '../../src/watch/file-events.js';
import { makeTempDir } from '../helpers.js';

const ROUNDS = 200;

describe('file events on the real system', () => {
  test.skipIf(process.platform !== 'linux')("a file's raw event arrives before the event of a cookie written after it, every time", async () => {
    const base = makeTempDir('repomap-events-');
    const root = path.join(base, 'repo');
    const cookies = path.join(base, 'cookies');
    mkdirSync(path.join(root, 'src'), { recursive: true });
    mkdirSync(cookies);
    for (let i = 0; i < ROUNDS; i++) writeFileSync(path.join(root, 'src', `f${i}.go`), `package src // ${i}\n`);

    const rawSeen = new Set<string>();
    const source = watchWithChokidar({
      paths: [root],
      isIgnored: () => false,
      onEvent: () => undefined,
      onError: (error) => {
        throw error;
      },
      onRaw: (absWatchedPath) => rawSeen.add(absWatchedPath),
    });
    await source.ready;
    /** For each cookie, whether the file written just before it had had its raw event. */
    const inOrder: boolean[] = [];
    let cookieSeen: (() => void) | undefined;
    const names = watchNamesWithFs(
      cookies,
      (name) => {
        const round = Number(/^c(\d+)$/.exec(name)?.[1] ?? -1);
        if (round < 0 || inOrder[round] !== undefined) return;
        inOrder[round] = rawSeen.has(path.join(root, 'src', `f${round}.go`));
        cookieSeen?.();
      },
      (error) => {
        throw error;
      },
    );
    try {
      for (let i = 0; i < ROUNDS; i++) {
        const seen = new Promise<void>((resolve) => (cookieSeen = resolve));
        // Modify f<i> in place (its own watch and its directory's report it), then the cookie.
        writeFileSync(path.join(root, 'src', `f${i}.go`), `package src // ${i} edited\n`);
        writeFileSync(path.join(cookies, `c${i}`), '');
        await seen;
      }
    } finally {
      names.close();
      await source.close();
    }
    expect(inOrder).toHaveLength(ROUNDS);
    expect(inOrder.filter((ok) => !ok)).toEqual([]);
  });
});
