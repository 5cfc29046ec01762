/**
 * What the main thread and a tags worker exchange: batches of files, results, and a shared
 * record of the file the worker is on (so a worker stuck on one file can be found and replaced).
 */
import type { PackedBatch } from './packed-results.js';
import type { TagFileInput, TagFileOptions } from './tag-file.js';

export interface TagBatchRequest {
  /** Names this request in the response. */
  request: number;
  files: TagFileInput[];
  /**
   * How to tag, on a worker's first request (a worker may be started before the build knows
   * them: see prestartTagWorkers).
   */
  options?: TagFileOptions;
}

export interface TagBatchResponse {
  request: number;
  /** The batch's results, packed (see packed-results.ts). */
  batch: PackedBatch;
}

export interface TagWorkerData {
  /**
   * Three Int32 slots (see WorkerPosition) then one Float64: when (Date.now()) the worker started
   * the file it is on.
   */
  shared?: SharedArrayBuffer;
}

/**
 * Slots of the shared Int32 record: the request being worked on, the file's place in it (-1:
 * idle), and the worker's OS thread id (0: unknown), by which the main thread reads its CPU time.
 */
export const WorkerPosition = { Request: 0, Index: 1, ThreadId: 2 } as const;

/** Views of a worker's shared record. */
export function workerPositionViews(shared: SharedArrayBuffer): { position: Int32Array; startedAt: Float64Array } {
  return { position: new Int32Array(shared, 0, 3), startedAt: new Float64Array(shared, 16, 1) };
}

/** Bytes of a worker's shared record. */
export const WORKER_POSITION_BYTES = 24;
