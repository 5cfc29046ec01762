/**
 * Where files are parsed: the one home of the thresholds between parsing in the calling thread
 * and starting worker threads. Kept free of heavy imports, so a warm build can ask it cheaply.
 */
import { availableParallelism } from 'node:os';

/**
 * Up to this many files to parse are parsed in the calling thread with a session's registry
 * (its grammars already loaded or loading) rather than on workers that would load them again.
 */
export const IN_THREAD_MAX_FILES = 64;

/** Below this many bytes, starting workers (~100 ms each to load WASM) costs more than it saves. */
const WORKER_MIN_TOTAL_BYTES = 8 * 1024 * 1024;

/** Worker threads for a workload of `totalBytes` when the caller did not say: 0 parses in this thread. */
export function defaultWorkerCount(totalBytes: number): number {
  if (totalBytes < WORKER_MIN_TOTAL_BYTES) return 0;
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/**
 * Tracked files from which a repository is taken to hold WORKER_MIN_TOTAL_BYTES of source before
 * it is listed (source files average ~10 KB: Django 9.7 KB, the Go standard library 9.3 KB, the
 * Linux kernel 15 KB). A wrong guess costs starting a worker that is not used.
 */
const WORKER_MIN_TRACKED_FILES = 800;

/**
 * Workers to start before discovery for a build that will parse every file: the count asked
 * for, else, by default, as many as defaultWorkerCount gives a large workload when git's index
 * says the repository is that large, else none (discovery decides).
 */
export function prestartWorkerCount(workers: number | undefined, trackedFiles: number | undefined): number {
  if (workers !== undefined) return workers;
  return trackedFiles !== undefined && trackedFiles >= WORKER_MIN_TRACKED_FILES ? defaultWorkerCount(WORKER_MIN_TOTAL_BYTES) : 0;
}
