import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { BuildMapResult, MapRequest } from '../../src/session/types.js';
import type { FileEventKind, FileEventSource, FileEventSourceOptions, NameWatch } from '../../src/watch/file-events.js';
import type { FileChanges } from '../../src/session/repo-session.js';
import { type Clock, watchRepo, type WatchedSession, type WatchUpdate } from '../../src/watch/watch-repo.js';
import { CHANGE_THROTTLE_GUARD_MS, MAX_SETTLE_MS, POLL_INTERVAL_MS, SETTLE_MS } from '../../src/watch/watch-timing.js';
import { makeTempDir } from '../helpers.js';

class FakeClock implements Clock {
  time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  now = (): number => this.time;
  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };
  /** Moves time forward, firing due timers in order and letting promises run between them. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = [...this.timers].filter(([, timer]) => timer.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
    }
    this.time = end;
    await settle();
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

class FakeSources {
  readonly started: FileEventSourceOptions[] = [];
  closed = 0;
  watch = (options: FileEventSourceOptions): FileEventSource => {
    this.started.push(options);
    return { ready: Promise.resolve(), close: async () => void this.closed++ };
  };
  get current(): FileEventSourceOptions {
    return this.started[this.started.length - 1]!;
  }
  emit(kind: FileEventKind, absPath: string): void {
    this.current.onEvent(kind, absPath);
  }
  /** A raw system event of a watched path, as chokidar reports before looking into it. */
  raw(absWatchedPath: string): void {
    this.current.onRaw?.(absWatchedPath);
  }
  /** Reports the sync cookies written so far, as the real source would. */
  emitCookies(cacheDir: string): void {
    const dir = path.join(cacheDir, 'cookies');
    for (const name of existsSync(dir) ? readdirSync(dir) : []) this.emit('add', path.join(dir, name));
  }
}

/** The quick-cookie directory's plain watch: reports what is in it when told to. */
class FakeNames {
  dir = '';
  private onName: (name: string) => void = () => undefined;
  watch = (dir: string, onName: (name: string) => void): NameWatch => {
    this.dir = dir;
    this.onName = onName;
    return { close: () => undefined };
  };
  written(): string[] {
    return existsSync(this.dir) ? readdirSync(this.dir) : [];
  }
  emitCookies(): void {
    for (const name of this.written()) this.onName(name);
  }
}

/** A session that records what it is asked; maps are numbered so tests can tell them apart. */
class RecordingSession implements WatchedSession {
  readonly refreshes: Array<string[] | undefined> = [];
  readonly requests: MapRequest[] = [];
  gate: Promise<void> | undefined;
  constructor(readonly root: string) {}
  async refresh(paths?: readonly string[]): Promise<FileChanges> {
    this.refreshes.push(paths ? [...paths] : undefined);
    await this.gate;
    return { changed: paths ? [...paths] : [], added: [], removed: [] };
  }
  async map(request: MapRequest): Promise<BuildMapResult> {
    this.requests.push(request);
    return { text: `map ${this.requests.length}`, stats: { discovered: 3 } } as unknown as BuildMapResult;
  }
}

function setup(options: { cache?: boolean; names?: FakeNames } = {}) {
  const root = makeTempDir('repomap-watch-');
  const cacheDir = path.join(root, '.repomap');
  const clock = new FakeClock();
  const sources = new FakeSources();
  const session = new RecordingSession(root);
  const updates: WatchUpdate[] = [];
  const warnings: string[] = [];
  const watcher = watchRepo(
    session,
    { tokens: 512 },
    { cacheDir: options.cache === false ? undefined : cacheDir, onUpdate: (update) => void updates.push(update), onWarning: (message) => warnings.push(message) },
    { watch: sources.watch, clock, ...(options.names ? { watchNames: options.names.watch } : {}) },
  );
  const file = (relPath: string): string => path.join(root, ...relPath.split('/'));
  return { root, cacheDir, clock, sources, session, updates, warnings, watcher, file };
}

describe('watchRepo with a fake event source and clock', () => {
  test('the first map comes from a full sweep', async () => {
    const { watcher, session, updates } = setup();
    await watcher.ready;
    expect(session.refreshes).toEqual([undefined]);
    expect(updates.map((update) => [update.initial, update.result.text])).toEqual([[true, 'map 1']]);
    await watcher.close();
  });

  test('a burst of events settles into one refresh of the paths that moved', async () => {
    const { watcher, session, sources, clock, updates, file } = setup();
    await watcher.ready;
    for (let i = 0; i < 3000; i++) {
      sources.emit(i % 3 === 0 ? 'unlink' : 'change', file(`src/f${i % 200}.py`));
      if (i % 100 === 0) await clock.advance(1);
    }
    await clock.advance(SETTLE_MS - 1);
    expect(session.refreshes).toHaveLength(1);
    await clock.advance(1);
    expect(session.refreshes).toHaveLength(2);
    expect(session.refreshes[1]).toEqual(Array.from({ length: 200 }, (_, i) => `src/f${i}.py`).sort());
    expect(updates).toHaveLength(2);
    expect(updates[1]!.files).toBe(200);
    await watcher.close();
  });

  test('events that arrive while an update runs lead to exactly one more update', async () => {
    const { watcher, session, sources, clock, file } = setup();
    await watcher.ready;
    let open!: () => void;
    session.gate = new Promise((resolve) => (open = resolve));
    sources.emit('change', file('a.py'));
    await clock.advance(SETTLE_MS);
    expect(session.refreshes).toEqual([undefined, ['a.py']]);
    sources.emit('change', file('b.py'));
    sources.emit('add', file('c.py'));
    await clock.advance(SETTLE_MS * 3);
    expect(session.refreshes).toHaveLength(2);
    open();
    session.gate = undefined;
    await clock.advance(SETTLE_MS);
    // a.py's event was younger than the throttle guard when the first update ran: looked at again.
    expect(session.refreshes).toEqual([undefined, ['a.py'], ['a.py', 'b.py', 'c.py']]);
    await clock.advance(SETTLE_MS * 10);
    expect(session.refreshes).toHaveLength(3);
    await watcher.close();
  });

  test('a steady stream of events still yields an update every MAX_SETTLE_MS', async () => {
    const { watcher, session, sources, clock, file } = setup();
    await watcher.ready;
    for (let t = 0; t < MAX_SETTLE_MS * 2.5; t += 10) {
      sources.emit('change', file(`log${t}.txt`));
      await clock.advance(10);
    }
    expect(session.refreshes.length - 1).toBe(2);
    await watcher.close();
  });

  test('a path whose last event is younger than the throttle guard is looked at again', async () => {
    const { watcher, session, sources, clock, file } = setup();
    await watcher.ready;
    // Keep a.py busy until the cap forces an update while its last event is fresh.
    for (let t = 0; t <= MAX_SETTLE_MS; t += 5) {
      sources.emit('change', file('a.py'));
      await clock.advance(5);
    }
    // Updates every SETTLE_MS look at it again until one runs the guard after its last event.
    await clock.advance(CHANGE_THROTTLE_GUARD_MS + SETTLE_MS);
    const lookedAt = Math.ceil(CHANGE_THROTTLE_GUARD_MS / SETTLE_MS) + 1;
    expect(session.refreshes.slice(1)).toEqual(Array.from({ length: lookedAt }, () => ['a.py']));
    await clock.advance(SETTLE_MS * 10);
    expect(session.refreshes).toHaveLength(1 + lookedAt);
    await watcher.close();
  });

  test('the source never reports what discovery ignores: .git, node_modules, the cache, --exclude', async () => {
    const root = makeTempDir('repomap-watch-');
    writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n*.log\n');
    const sources = new FakeSources();
    const watcher = watchRepo(new RecordingSession(root), {}, { cacheDir: path.join(root, '.repomap'), exclude: ['generated/'], onUpdate: () => undefined }, { watch: sources.watch, clock: new FakeClock() });
    await watcher.ready;
    const ignored = (relPath: string, isDirectory?: boolean) => sources.current.isIgnored(path.join(root, relPath), isDirectory);
    expect(ignored('node_modules', true)).toBe(true);
    expect(ignored('node_modules', undefined)).toBe(false);
    expect(ignored('.git', true)).toBe(true);
    expect(ignored('.repomap', true)).toBe(true);
    expect(ignored('.repomap/cookies', true)).toBe(false);
    expect(ignored('generated', true)).toBe(true);
    expect(ignored('debug.log', false)).toBe(true);
    expect(ignored('src', true)).toBe(false);
    expect(ignored('src/app.py', false)).toBe(false);
    expect(sources.current.paths).toEqual([root, path.join(root, '.repomap', 'cookies')]);
    await watcher.close();
  });

  test('a .gitignore edit re-reads the rules, restarts the source and sweeps everything', async () => {
    const { watcher, session, sources, clock, root, file } = setup();
    writeFileSync(path.join(root, '.gitignore'), 'build/\n');
    await watcher.ready;
    expect(sources.current.isIgnored(file('build'), true)).toBe(true);
    writeFileSync(path.join(root, '.gitignore'), '\n');
    sources.emit('change', file('.gitignore'));
    await clock.advance(SETTLE_MS);
    expect(sources.started).toHaveLength(2);
    expect(sources.closed).toBe(1);
    expect(sources.current.isIgnored(file('build'), true)).toBe(false);
    expect(session.refreshes).toEqual([undefined, undefined]);
    await watcher.close();
  });

  test('ENOSPC from the source: one warning naming the sysctl, then polling and a full sweep', async () => {
    const { watcher, session, sources, clock, warnings } = setup();
    await watcher.ready;
    const error = Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
    sources.current.onError(error);
    sources.current.onError(error);
    await clock.advance(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('fs.inotify.max_user_watches');
    expect(sources.started.map((options) => options.pollIntervalMs)).toEqual([undefined, POLL_INTERVAL_MS]);
    expect(session.refreshes).toEqual([undefined, undefined]);
    expect(watcher.status.polling).toBe(true);
    await watcher.close();
  });

  test('sync resolves only after the cookie written for it is seen, and removes it', async () => {
    const { watcher, sources, cacheDir } = setup();
    await watcher.ready;
    let synced = false;
    const sync = watcher.sync().then(() => (synced = true));
    await settle();
    const cookies = readdirSync(path.join(cacheDir, 'cookies'));
    expect(cookies).toHaveLength(1);
    expect(synced).toBe(false);
    sources.emitCookies(cacheDir);
    await sync;
    expect(readdirSync(path.join(cacheDir, 'cookies'))).toEqual([]);
    await watcher.close();
  });

  test('a quick cookie alone syncs while the source has had no raw event since its last cookie; a raw event of the repository brings the source cookie back', async () => {
    const names = new FakeNames();
    const { watcher, sources, cacheDir, file } = setup({ names });
    await watcher.ready;
    const sourceCookies = (): string[] => readdirSync(path.join(cacheDir, 'cookies'));
    const synced = (promise: Promise<void>): { done: boolean } => {
      const state = { done: false };
      void promise.then(() => (state.done = true));
      return state;
    };

    // The first sync: the source has reported no cookie yet, so it waits for one.
    const first = synced(watcher.sync());
    await settle();
    expect(names.written()).toEqual([]);
    expect(sourceCookies()).toHaveLength(1);
    sources.emitCookies(cacheDir);
    await settle();
    expect(first.done).toBe(true);

    // Nothing since: the quick cookie is enough. Raw events of the cookie directory do not count.
    sources.raw(path.join(cacheDir, 'cookies'));
    const second = synced(watcher.sync());
    await settle();
    expect(names.written()).toHaveLength(1);
    names.emitCookies();
    await settle();
    expect(second.done).toBe(true);
    expect(sourceCookies()).toEqual([]);

    // An edit's raw event before the call: the source may not have looked into it yet.
    sources.raw(file('a.py'));
    const third = synced(watcher.sync());
    await settle();
    expect(names.written()).toEqual([]);
    expect(sourceCookies()).toHaveLength(1);
    sources.emitCookies(cacheDir);
    await settle();
    expect(third.done).toBe(true);

    // One that arrives while the quick cookie is on its way (before its event): the same.
    const fourth = synced(watcher.sync());
    await settle();
    expect(names.written()).toHaveLength(1);
    sources.raw(file('b.py'));
    names.emitCookies();
    await settle();
    expect(fourth.done).toBe(false);
    expect(sourceCookies()).toHaveLength(1);
    sources.emitCookies(cacheDir);
    await settle();
    expect(fourth.done).toBe(true);

    // Caught up again: quick.
    const fifth = synced(watcher.sync());
    await settle();
    names.emitCookies();
    await settle();
    expect(fifth.done).toBe(true);
    expect(sourceCookies()).toEqual([]);
    await watcher.close();
  });

  test('syncs that start before the quick cookie is written share it', async () => {
    const names = new FakeNames();
    const { watcher, sources, cacheDir } = setup({ names });
    await watcher.ready;
    const first = watcher.sync();
    await settle();
    sources.emitCookies(cacheDir);
    await first;
    const calls = [watcher.sync(), watcher.sync(), watcher.sync()];
    await settle();
    expect(names.written()).toHaveLength(1);
    names.emitCookies();
    await Promise.all(calls);
    // One started after that cookie was written gets its own.
    const later = watcher.sync();
    await settle();
    expect(names.written()).toHaveLength(1);
    names.emitCookies();
    await later;
    await watcher.close();
  });

  test('map() looks at the changes seen before its cookie and answers the request; the standing map follows after the window', async () => {
    const { watcher, session, sources, cacheDir, clock, file, updates } = setup();
    await watcher.ready;
    sources.emit('change', file('a.py'));
    const answer = watcher.map({ chatFiles: ['b.py'] });
    await settle();
    sources.emitCookies(cacheDir);
    const result = await answer;
    expect(session.refreshes).toEqual([undefined, ['a.py']]);
    expect(session.requests.map((request) => request.chatFiles)).toEqual([undefined, ['b.py']]);
    expect(result.text).toBe('map 2');
    expect(updates).toHaveLength(1);
    expect(watcher.status.served).toBe(1);
    await clock.advance(SETTLE_MS);
    // a.py's event was younger than the throttle guard when the call refreshed it: looked at again.
    expect(session.refreshes).toEqual([undefined, ['a.py'], ['a.py']]);
    expect(session.requests.map((request) => request.chatFiles)).toEqual([undefined, ['b.py'], undefined]);
    expect(updates.map((update) => [update.initial, update.changes.changed, update.result.text])).toEqual([
      [true, [], 'map 1'],
      [false, ['a.py'], 'map 3'],
    ]);
    await watcher.close();
  });

  test('calls that keep applying changes still let the standing map out every MAX_SETTLE_MS', async () => {
    const { watcher, sources, cacheDir, clock, file, updates } = setup();
    await watcher.ready;
    for (let elapsed = 0; elapsed <= MAX_SETTLE_MS; elapsed += SETTLE_MS / 2) {
      sources.emit('change', file('a.py'));
      const answer = watcher.map({ chatFiles: ['b.py'] });
      await settle();
      sources.emitCookies(cacheDir);
      await answer;
      await clock.advance(SETTLE_MS / 2);
    }
    expect(updates.length).toBeGreaterThan(1);
    expect(updates[1]!.changes.changed).toEqual(['a.py']);
    await watcher.close();
  });

  test('the root removed ends the watcher with a clear error', async () => {
    const { watcher, sources, clock, root, file } = setup({ cache: false });
    await watcher.ready;
    rmSync(root, { recursive: true, force: true });
    sources.emit('unlink', file('a.py'));
    await clock.advance(SETTLE_MS);
    await expect(watcher.done).rejects.toThrow(`${root}: the repository root was removed`);
    mkdirSync(root);
  });

  test('close finishes the update in flight, then stops the source', async () => {
    const { watcher, session, sources, clock, file, updates } = setup();
    await watcher.ready;
    let open!: () => void;
    session.gate = new Promise((resolve) => (open = resolve));
    sources.emit('change', file('a.py'));
    await clock.advance(SETTLE_MS);
    const closing = watcher.close();
    await settle();
    expect(sources.closed).toBe(0);
    open();
    await closing;
    await watcher.done;
    expect(updates).toHaveLength(2);
    expect(sources.closed).toBe(1);
    sources.emit('change', file('b.py'));
    await clock.advance(SETTLE_MS * 2);
    expect(session.refreshes).toHaveLength(2);
  });
});
