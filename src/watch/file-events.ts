/**
 * The file-event source the watcher consumes, as an interface so tests can drive the watcher
 * with a fake one; `watchWithChokidar` is the production source, loaded only when watching.
 */

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
