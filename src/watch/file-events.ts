/**
 * The file-event source the watcher consumes, as an interface so tests can drive the watcher
 * with a fake one; `watchWithChokidar` is the production source, loaded only when watching.
 */
import { watch } from 'node:fs';

export type FileEventKind = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

export interface FileEventSourceOptions {
  /** Absolute directories to watch recursively. */
  paths: string[];
  /** Asked before a path is watched; `isDirectory` undefined when not known yet. */
  isIgnored(absPath: string, isDirectory?: boolean): boolean;
  /** Poll with this interval instead of using the system's file-event API (inotify). */
  pollIntervalMs?: number;
  onEvent(kind: FileEventKind, absPath: string): void;
  onError(error: NodeJS.ErrnoException): void;
  /**
   * Called for every raw system event of a watched path (the file or directory the system
   * watch is on), synchronously from the system's callback and so in the system's order,
   * before the source looks into it: chokidar then stats files and reads directories on the
   * thread pool, so its `onEvent` comes later.
   */
  onRaw?(absWatchedPath: string): void;
}

export interface FileEventSource {
  /** Settles once the initial scan is done: later changes are reported. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export type WatchFiles = (options: FileEventSourceOptions) => FileEventSource;

/** The production source: chokidar, imported on first use so no other command loads it. */
export const watchWithChokidar: WatchFiles = (options) => {
  let closed = false;
  let watcher: { close(): Promise<void> } | undefined;
  const ready = import('chokidar').then(
    ({ watch }) =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        const chokidar = watch(options.paths, {
          ignoreInitial: true,
          followSymlinks: false,
          // Atomic-save folding delays unlinks by 100 ms, which could let a sync cookie overtake
          // them; the settle window folds unlink + add into one refresh anyway.
          atomic: false,
          ignored: (absPath, stats) => options.isIgnored(absPath, stats ? stats.isDirectory() : undefined),
          ...(options.pollIntervalMs === undefined
            ? {}
            : { usePolling: true, interval: options.pollIntervalMs, binaryInterval: options.pollIntervalMs }),
        });
        watcher = chokidar;
        chokidar.on('all', (kind, absPath) => {
          if (kind !== 'error' && kind !== 'ready' && kind !== 'raw' && kind !== 'all') options.onEvent(kind, absPath);
        });
        chokidar.on('error', (error) => options.onError(error as NodeJS.ErrnoException));
        const { onRaw } = options;
        if (onRaw) chokidar.on('raw', (_kind, _name, details) => onRaw((details as { watchedPath?: string } | undefined)?.watchedPath ?? ''));
        chokidar.once('ready', () => resolve());
      }),
  );
  return {
    ready,
    async close() {
      closed = true;
      await ready.catch(() => undefined);
      await watcher?.close();
    },
  };
};

/** A plain watch of one directory: the names of entries created, changed or removed in it. */
export interface NameWatch {
  close(): void;
}

/**
 * Watches `dir` (not recursively) and reports entry names synchronously from the system's
 * callback. Throws when the watch cannot be set up; `onError` reports a later failure.
 */
export type WatchNames = (dir: string, onName: (name: string) => void, onError: (error: Error) => void) => NameWatch;

/**
 * The production name watch: `fs.watch`, i.e. a libuv fs-event handle. On Linux libuv keeps one
 * inotify descriptor per event loop for all of them (chokidar's included), reads its queue in
 * order and calls each event's handles before the next event's, so what it reports here and
 * what `onRaw` reports come in the order the kernel queued them.
 */
export const watchNamesWithFs: WatchNames = (dir, onName, onError) => {
  const watcher = watch(dir, { persistent: false }, (_kind, name) => {
    if (name) onName(name.toString());
  });
  watcher.on('error', onError);
  return { close: () => watcher.close() };
};
