/**
 * Keeps one request's map current from file events: events settle for a short window, then the
 * session refreshes just the paths that moved and maps again, and `onUpdate` gets the result.
 * Also runs any job on the session up to date as of the call (`current`, `map`), using a sync
 * cookie: a file written into a watched directory whose event proves every earlier event has
 * been seen. Updates and such jobs share one SerialQueue (a session is not re-entrant).
 *
 * The source's own report of a cookie waits for its processing (chokidar reads the cookie
 * directory on the thread pool: ~3 ms). So a sync first writes a quick cookie into a directory
 * under a plain name watch (`deps.watchNames`), whose event comes straight from the system, in
 * the system's order with the source's raw events (`onRaw`). When it arrives and the source has
 * had no raw event since its last cookie report, nothing the source has yet to look into can be
 * older than the call: done. Otherwise (or at once, when such a raw event is already counted)
 * the source's cookie follows as before.
 * Prints nothing; the event source and the clock are injected (`deps`) so tests drive both.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RepomapError } from '../errors.js';
import type { BuildMapResult, MapRequest } from '../session/types.js';
import { type FileEventKind, type FileEventSource, type NameWatch, type WatchFiles, type WatchNames, watchNamesWithFs, watchWithChokidar } from './file-events.js';
import type { FileChanges, RepoSession } from '../session/repo-session.js';
import { SerialQueue } from '../session/serial-queue.js';
import { createWatchFilter, IGNORE_FILE_NAMES } from './watch-filter.js';
import { CHANGE_THROTTLE_GUARD_MS, COOKIE_TIMEOUT_MS, MAX_SETTLE_MS, POLL_INTERVAL_MS, SETTLE_MS } from './watch-timing.js';

export { SETTLE_MS };

const COOKIE_PREFIX = 'cookie-';

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface WatchDeps {
  watch: WatchFiles;
  clock: Clock;
  /**
   * The plain watch of the quick-cookie directory, sharing the system's event queue with
   * `watch` and its `onRaw` reports; without it every sync waits for the source's cookie.
   */
  watchNames?: WatchNames;
}

export interface WatchUpdate {
  result: BuildMapResult;
  changes: FileChanges;
  /** Files changed, added or removed (for the first map: the files discovered). */
  files: number;
  /** Milliseconds from the start of the refresh to the map. */
  ms: number;
  initial: boolean;
}

export interface WatchRepoOptions {
  /** `--exclude` patterns: never watched. */
  exclude?: string[];
  /** The cache directory: never watched, except its `cookies/` directory (needed by `map`/`sync`). */
  cacheDir?: string;
  /**
   * Where sync cookies are written (default `<cacheDir>/cookies`): a directory of this process's
   * own, watched with the root. Needed by `sync`, `current` and `map`.
   */
  cookieDir?: string;
  /** The queue the session is driven through: pass the one other users of the session share. */
  queue?: SerialQueue;
  /**
   * At the system's watch limit (inotify ENOSPC, EMFILE): poll instead (true, the default), or
   * stop with a WatchLimitError so the caller can do without a watcher.
   */
  allowPolling?: boolean;
  settleMs?: number;
  /** Files this process writes itself (the map output): their events are not changes. */
  isOwnFile?(absPath: string): boolean;
  onUpdate(update: WatchUpdate): void | Promise<void>;
  onWarning?(message: string): void;
}

export interface WatchStatus {
  startedAt: number;
  updates: number;
  served: number;
  polling: boolean;
  lastUpdateAt: number | null;
}

export interface RepoWatcher {
  /** Settles when the first map is out. */
  readonly ready: Promise<void>;
  /** Settles after `close()`; rejects on a fatal error (the root removed, a failed update). */
  readonly done: Promise<void>;
  readonly status: WatchStatus;
  /** Resolves once every change made before the call has been seen. */
  sync(): Promise<void>;
  /**
   * Runs `job` on the session (in the shared queue) once every change made before the call has
   * been seen and applied. Rejects with WatcherStoppedError once the watcher has stopped.
   */
  current<T>(job: () => Promise<T>): Promise<T>;
  /** A map for any request, up to date as of the call. */
  map(request: MapRequest): Promise<BuildMapResult>;
  /** Finishes the update in flight, stops watching; does not close the session. */
  close(): Promise<void>;
}

/** What the watcher uses of a RepoSession (tests pass a recording one). */
export type WatchedSession = Pick<RepoSession, 'root' | 'refresh' | 'map'>;

export class RootRemovedError extends RepomapError {}

/** The system's limit on watches (inotify ENOSPC) or open files (EMFILE) was reached. */
export class WatchLimitError extends RepomapError {
  constructor(readonly code: 'ENOSPC' | 'EMFILE') {
    super(
      code === 'ENOSPC'
        ? "the system's inotify watch limit is reached; raise it with `sysctl fs.inotify.max_user_watches=524288` (as root)"
        : 'too many open files to watch them all (EMFILE); raise the limit with `ulimit -n`',
    );
  }
}

/** The watcher has stopped (closed, or failed): it can no longer vouch for the session. */
export class WatcherStoppedError extends RepomapError {}

export function watchRepo(
  session: WatchedSession,
  request: MapRequest,
  options: WatchRepoOptions,
  deps: WatchDeps = { watch: watchWithChokidar, clock: systemClock, watchNames: watchNamesWithFs },
): RepoWatcher {
  return new Watcher(session, request, options, deps);
}

class Watcher implements RepoWatcher {
  readonly ready: Promise<void>;
  readonly done: Promise<void>;
  readonly status: WatchStatus;
  private readonly root: string;
  private readonly cookieDir: string | undefined;
  private readonly filter;
  private readonly settleMs: number;
  /** relPath → time of its last event. */
  private readonly pending = new Map<string, number>();
  private firstPendingAt = 0;
  private timer: unknown;
  /** The ignore rules changed: re-read them, restart the source, sweep everything. */
  private rulesChanged = false;
  /** Whether the running source polls (`status.polling` says whether it should). */
  private sourcePolling = false;
  /** Set when the first update starts: events before it are covered by its full sweep. */
  private started = false;
  private readonly queue: SerialQueue;
  /** Changes refreshed for a call whose standing map (and report) is still owed. */
  private unreported: FileChanges | undefined;
  /** When the oldest unreported change was refreshed: calls in a steady stream still let a map out every MAX_SETTLE_MS. */
  private unreportedSince = 0;
  /** Why the watcher stopped, once it has failed. */
  private failure: unknown;
  private source: FileEventSource | undefined;
  private readonly cookies = new Map<string, () => void>();
  private cookieSeq = 0;
  /** Where quick cookies go (beside cookieDir, never watched by the source), and its watch. */
  private readonly quickDir: string | undefined;
  private quickWatch: NameWatch | undefined;
  /** Quick cookies written, by name: told the raw-event count when their event arrives. */
  private readonly quickCookies = new Map<string, (rawSeen: number) => void>();
  /** The quick cookie written for the calls that are waiting to write one, if any. */
  private quickBatch: Promise<number> | undefined;
  /** Raw events of the repository the source has had (not those of its cookie directory). */
  private rawSeen = 0;
  /** `rawSeen` as of the writing of a cookie the source has reported (-1: none yet). */
  private rawProcessed = -1;
  private closing = false;
  private settleDone!: { resolve(): void; reject(error: unknown): void };

  constructor(
    private readonly session: WatchedSession,
    private readonly request: MapRequest,
    private readonly options: WatchRepoOptions,
    private readonly deps: WatchDeps,
  ) {
    this.root = session.root;
    this.settleMs = options.settleMs ?? SETTLE_MS;
    this.queue = options.queue ?? new SerialQueue();
    this.cookieDir = options.cookieDir ?? (options.cacheDir ? path.join(options.cacheDir, 'cookies') : undefined);
    this.quickDir = this.cookieDir && deps.watchNames ? `${this.cookieDir}-quick` : undefined;
    this.filter = createWatchFilter({
      root: this.root,
      exclude: options.exclude,
      excludeDirs: options.cacheDir ? [options.cacheDir] : [],
      includeDirs: this.cookieDir ? [this.cookieDir] : [],
    });
    this.status = { startedAt: Date.now(), updates: 0, served: 0, polling: false, lastUpdateAt: null };
    this.done = new Promise((resolve, reject) => (this.settleDone = { resolve, reject }));
    this.done.catch(() => undefined);
    this.ready = this.start();
    this.ready.catch((error) => this.fail(error));
  }

  private async start(): Promise<void> {
    if (this.cookieDir) {
      // Cookies from a watcher that was killed are left over; nobody waits for them.
      rmSync(this.cookieDir, { recursive: true, force: true });
      mkdirSync(path.dirname(this.cookieDir), { recursive: true });
      mkdirSync(this.cookieDir, { mode: 0o700 });
    }
    if (this.quickDir) this.startQuickWatch(this.quickDir);
    this.source = this.startSource();
    await this.source.ready;
    if (this.failure !== undefined) throw this.failure;
    // The first update sweeps everything, so changes made while the source started are covered.
    await this.enqueue(() => this.update(true));
  }

  private startSource(): FileEventSource {
    this.sourcePolling = this.status.polling;
    return this.deps.watch({
      paths: this.cookieDir ? [this.root, this.cookieDir] : [this.root],
      isIgnored: (absPath, isDirectory) => this.filter.isIgnored(absPath, isDirectory),
      pollIntervalMs: this.status.polling ? POLL_INTERVAL_MS : undefined,
      onEvent: (kind, absPath) => this.onEvent(kind, absPath),
      onError: (error) => this.onError(error),
      onRaw: (absWatchedPath) => this.onRaw(absWatchedPath),
    });
  }

  private startQuickWatch(quickDir: string): void {
    rmSync(quickDir, { recursive: true, force: true });
    mkdirSync(quickDir, { mode: 0o700 });
    try {
      this.quickWatch = this.deps.watchNames!(
        quickDir,
        (name) => this.quickCookies.get(name)?.(this.rawSeen),
        () => this.stopQuickWatch(),
      );
    } catch {
      this.stopQuickWatch(); // every sync waits for the source's cookie instead
    }
  }

  /** Stops the quick path for good; syncs waiting on it go on to the source's cookie. */
  private stopQuickWatch(): void {
    this.quickWatch?.close();
    this.quickWatch = undefined;
    for (const resolve of this.quickCookies.values()) resolve(Number.NaN);
    this.quickCookies.clear();
  }

  private onRaw(absWatchedPath: string): void {
    if (this.cookieDir && (absWatchedPath === this.cookieDir || path.dirname(absWatchedPath) === this.cookieDir)) return;
    this.rawSeen++;
  }

  private onEvent(kind: FileEventKind, absPath: string): void {
    if (this.closing) return;
    if (this.cookieDir && path.dirname(absPath) === this.cookieDir) {
      if (kind === 'add' || kind === 'change') this.cookies.get(path.basename(absPath))?.();
      return;
    }
    if (this.options.isOwnFile?.(absPath)) return;
    if (absPath === this.root) {
      if (kind === 'unlinkDir') this.fail(this.rootRemoved());
      return;
    }
    // A directory's files are reported one by one (also when it is removed or created).
    if (kind === 'addDir' || kind === 'unlinkDir') return;
    const relPath = path.relative(this.root, absPath).split(path.sep).join('/');
    if (relPath.startsWith('../')) return;
    if (IGNORE_FILE_NAMES.has(path.basename(absPath))) this.rulesChanged = true;
    const now = this.deps.clock.now();
    if (this.pending.size === 0) this.firstPendingAt = now;
    this.pending.set(relPath, now);
    this.schedule();
  }

  private onError(error: NodeJS.ErrnoException): void {
    if (this.closing) return;
    if ((error.code === 'ENOSPC' || error.code === 'EMFILE') && this.options.allowPolling === false) {
      this.fail(new WatchLimitError(error.code));
      return;
    }
    if ((error.code === 'ENOSPC' || error.code === 'EMFILE') && !this.status.polling) {
      this.status.polling = true;
      this.options.onWarning?.(`${new WatchLimitError(error.code).message}. Watching by polling every ${POLL_INTERVAL_MS} ms meanwhile`);
      this.schedule();
      return;
    }
    if (error.code === 'ENOSPC' || error.code === 'EMFILE') return;
    this.options.onWarning?.(`watch: ${error.message}`);
  }

  private get sweepNeeded(): boolean {
    return this.rulesChanged || this.status.polling !== this.sourcePolling;
  }

  private schedule(): void {
    if (this.closing || !this.started) return;
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    const untilCap = this.firstPendingAt + MAX_SETTLE_MS - this.deps.clock.now();
    // Only the standing map is owed (a call applied the changes): it waits out the window too.
    let wait = this.pending.size > 0 ? Math.max(0, Math.min(this.settleMs, untilCap)) : this.unreported ? this.settleMs : 0;
    if (this.unreported) wait = Math.max(0, Math.min(wait, this.unreportedSince + MAX_SETTLE_MS - this.deps.clock.now()));
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      this.enqueue(() => this.update(false)).catch((error) => this.fail(error));
    }, wait);
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    return this.queue.run(job);
  }

  /**
   * One update: refresh what moved (or everything), then map the standing request and report
   * it. With `mapStanding` false (a call is waiting), only refreshes: the standing map and its
   * report follow after the settle window, so the call does not wait for them.
   */
  private async update(initial: boolean, mapStanding = true): Promise<void> {
    if (this.closing) return;
    this.started = true;
    if (!existsSync(this.root)) throw this.rootRemoved();
    let paths: string[] | undefined;
    let refresh = true;
    if (initial || this.sweepNeeded) {
      if (this.sweepNeeded) await this.restartSource();
      this.pending.clear();
      paths = undefined;
    } else if (this.pending.size > 0) {
      paths = [...this.pending.keys()].sort();
      const now = this.deps.clock.now();
      for (const relPath of paths) {
        if (now - this.pending.get(relPath)! >= CHANGE_THROTTLE_GUARD_MS) this.pending.delete(relPath);
      }
      this.firstPendingAt = now;
    } else if (this.unreported) {
      refresh = false; // only the standing map is owed
    } else {
      return;
    }
    const started = this.deps.clock.now();
    if (refresh) {
      const changes = await this.session.refresh(paths);
      if (countFiles(changes) > 0) {
        if (!this.unreported) this.unreportedSince = started;
        this.unreported = mergeChanges(this.unreported, changes);
      }
    }
    if (mapStanding && (initial || this.unreported)) {
      const changes = this.unreported ?? { changed: [], added: [], removed: [] };
      this.unreported = undefined;
      const result = await this.session.map(this.request);
      this.status.updates++;
      this.status.lastUpdateAt = Date.now();
      await this.options.onUpdate({ result, changes, files: initial ? result.stats.discovered : countFiles(changes), ms: this.deps.clock.now() - started, initial });
    }
    if (this.pending.size > 0 || this.sweepNeeded || this.unreported) this.schedule();
  }

  private async restartSource(): Promise<void> {
    this.rulesChanged = false;
    this.sourcePolling = this.status.polling;
    this.filter.reload();
    const previous = this.source;
    this.rawProcessed = -1; // the new source has reported no cookie yet
    this.source = this.startSource();
    await this.source.ready;
    await previous?.close();
  }

  async sync(): Promise<void> {
    if (!this.cookieDir) throw new RepomapError('watch: cannot sync without a cache directory');
    await this.ready;
    if (!this.quickWatch || this.status.polling) return this.sourceSync();
    // A raw event the source may not have looked into yet is already known: no quick cookie.
    if (this.rawSeen === this.rawProcessed) {
      const rawSeen = await this.quickSync();
      if (this.closing) return; // the caller finds the watcher stopped
      // No raw event since the source caught up with everything before its last cookie: done.
      if (rawSeen === this.rawProcessed) return;
    }
    // Raw events counted before the source's cookie is written come before it, so they are
    // processed once it is reported.
    const rawBefore = this.rawSeen;
    await this.sourceSync();
    if (this.quickWatch) this.rawProcessed = Math.max(this.rawProcessed, rawBefore);
  }

  /**
   * Writes a quick cookie and resolves with `rawSeen` as of its event (NaN if the quick watch
   * stopped). Calls that come before the cookie is written share it: it is written after each
   * of them began, which is all a sync needs.
   */
  private quickSync(): Promise<number> {
    this.quickBatch ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.quickBatch = undefined;
      return this.writeCookie(this.quickDir!, this.quickCookies, `${COOKIE_PREFIX}${process.pid}-${++this.cookieSeq}`).catch((error: unknown) => {
        this.options.onWarning?.(`${error instanceof Error ? error.message : String(error)}; syncing through the watcher's own events from now on`);
        this.stopQuickWatch();
        return Number.NaN;
      });
    });
    return this.quickBatch;
  }

  /** The source's cookie: resolves once the source reports it (and, polling, one interval later). */
  private async sourceSync(): Promise<void> {
    const name = `${COOKIE_PREFIX}${process.pid}-${++this.cookieSeq}-${randomBytes(3).toString('hex')}`;
    await this.writeCookie(this.cookieDir!, this.cookies, name);
    // A poller sees an earlier change within one interval of it, not in order.
    if (this.status.polling) await new Promise((resolve) => this.deps.clock.setTimeout(() => resolve(undefined), POLL_INTERVAL_MS));
  }

  /** Writes `dir/name` and resolves with what its event reports (`waiting` is told of it), then removes it. */
  private async writeCookie<T>(dir: string, waiting: Map<string, (value: T) => void>, name: string): Promise<T> {
    const file = path.join(dir, name);
    let timer: unknown;
    try {
      return await new Promise<T>((resolve, reject) => {
        waiting.set(name, resolve);
        timer = this.deps.clock.setTimeout(() => reject(new RepomapError(`watch: no file event for ${file} within ${COOKIE_TIMEOUT_MS} ms`)), COOKIE_TIMEOUT_MS);
        writeFileSync(file, '');
      });
    } finally {
      this.deps.clock.clearTimeout(timer);
      waiting.delete(name);
      rmSync(file, { force: true });
    }
  }

  async current<T>(job: () => Promise<T>): Promise<T> {
    if (this.closing) throw this.stopped();
    try {
      await this.sync();
    } catch (error) {
      if (this.closing) throw this.stopped();
      throw error;
    }
    return this.enqueue(async () => {
      if (this.closing) throw this.stopped();
      // Changes seen but not yet settled are applied now: the caller must not wait for the window.
      if (this.pending.size > 0 || this.sweepNeeded) await this.update(false, false);
      return job();
    });
  }

  map(request: MapRequest): Promise<BuildMapResult> {
    return this.current(async () => {
      const result = await this.session.map(request);
      this.status.served++;
      return result;
    });
  }

  async close(): Promise<void> {
    if (this.closing) return this.done.catch(() => undefined);
    this.closing = true;
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    await this.queue.idle();
    await this.source?.close();
    this.stopQuickWatch();
    if (this.cookieDir) rmSync(this.cookieDir, { recursive: true, force: true });
    if (this.quickDir) rmSync(this.quickDir, { recursive: true, force: true });
    this.settleDone.resolve();
  }

  private rootRemoved(): RootRemovedError {
    return new RootRemovedError(`${this.root}: the repository root was removed; stopped watching`);
  }

  private stopped(): WatcherStoppedError {
    const reason = this.failure instanceof Error ? `: ${this.failure.message}` : '';
    return new WatcherStoppedError(`watch: the watcher has stopped${reason}`, { cause: this.failure });
  }

  private fail(error: unknown): void {
    if (this.closing) return;
    this.closing = true;
    this.failure = error;
    for (const resolve of this.cookies.values()) resolve();
    this.stopQuickWatch();
    if (this.quickDir) rmSync(this.quickDir, { recursive: true, force: true });
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    void Promise.resolve(this.source?.close())
      .catch(() => undefined)
      .finally(() => this.settleDone.reject(error));
  }
}

function countFiles(changes: FileChanges): number {
  return changes.changed.length + changes.added.length + changes.removed.length;
}

/** Changes of two refreshes as one (a path in both counts once, as its latest kind). */
function mergeChanges(earlier: FileChanges | undefined, later: FileChanges): FileChanges {
  if (!earlier) return later;
  const kinds = new Map<string, keyof FileChanges>();
  for (const changes of [earlier, later]) {
    for (const kind of ['changed', 'added', 'removed'] as const) for (const relPath of changes[kind]) kinds.set(relPath, kind);
  }
  const merged: FileChanges = { changed: [], added: [], removed: [] };
  for (const [relPath, kind] of kinds) merged[kind].push(relPath);
  return merged;
}
