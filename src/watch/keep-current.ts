/**
 * A session kept current for a server: a watcher answers each call as of its arrival (sync
 * cookie, then only the paths that moved), and when no watcher can run — the system's watch
 * limit, or it stopped later — each call sweeps the whole repository first instead, after one
 * warning. Either way calls run one at a time through one queue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RepoSession } from '../session/repo-session.js';
import { SerialQueue } from '../session/serial-queue.js';
import type { MapRequest } from '../session/types.js';
import { type RepoWatcher, type WatchDeps, watchRepo, WatcherStoppedError } from './watch-repo.js';

export interface KeepCurrentOptions {
  /** The request mapped after each settled change, so the usual call finds its map ready. */
  request: MapRequest;
  exclude?: string[];
  cacheDir?: string;
  onWarning(message: string): void;
}

export interface CurrentSession {
  /** Runs `job` on the session once every change made before the call is applied. */
  current<T>(job: () => Promise<T>): Promise<T>;
  /** True while a watcher (not a sweep per call) keeps the session current. */
  readonly watching: boolean;
  /** Stops the watcher; leaves the session open. */
  close(): Promise<void>;
}

export function keepCurrent(session: RepoSession, options: KeepCurrentOptions, deps?: WatchDeps): CurrentSession {
  const queue = new SerialQueue();
  // Cookies of this process only, outside the root: several servers on one root never meet.
  const cookieDir = mkdtempSync(path.join(os.tmpdir(), 'repomap-cookies-'));
  let watcher: RepoWatcher | undefined = watchRepo(
    session,
    options.request,
    { exclude: options.exclude, cacheDir: options.cacheDir, cookieDir, queue, allowPolling: false, onUpdate: () => undefined, onWarning: options.onWarning },
    deps,
  );
  const fallBack = (reason: unknown): void => {
    if (!watcher) return;
    const stopped = watcher;
    watcher = undefined;
    void stopped.close();
    const cause = reason instanceof WatcherStoppedError && reason.cause !== undefined ? reason.cause : reason;
    const why = cause instanceof Error ? cause.message : String(cause);
    options.onWarning(`${why}; each call now sweeps the repository first (slower)`);
  };
  watcher.done.catch(fallBack);
  const sweep = <T>(job: () => Promise<T>): Promise<T> =>
    queue.run(async () => {
      await session.refresh();
      return job();
    });
  return {
    get watching() {
      return watcher !== undefined;
    },
    async current(job) {
      const live = watcher;
      if (live) {
        try {
          return await live.current(job);
        } catch (error) {
          if (!(error instanceof WatcherStoppedError)) throw error;
          fallBack(error);
        }
      }
      return sweep(job);
    },
    async close() {
      const live = watcher;
      watcher = undefined;
      await live?.close();
      await queue.idle();
      rmSync(cookieDir, { recursive: true, force: true });
    },
  };
}
