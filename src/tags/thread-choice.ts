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
