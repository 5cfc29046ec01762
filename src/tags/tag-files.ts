/**
 * Tags many files, in this thread or on worker threads, and hands the results to `onResult`
 * strictly in input order whatever order workers finish in, so everything built from them
 * (interned ids, floating-point sums) is identical from run to run.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../package-root.js';
import { Worker } from 'node:worker_threads';
import { GrammarRegistry } from './grammar-registry.js';
import { tagFile, type TagFileInput, type TagFileOptions, type TagFileResult } from './tag-file.js';
import type { TagBatchRequest, TagBatchResponse } from './tag-worker.js';

export interface TagFilesOptions extends TagFileOptions {
  /** Worker threads to use; 0 tags in this thread. Default: by workload and cores. */
  workers?: number;
  onResult(result: TagFileResult, input: TagFileInput): void;
  /** Called after each file with how many are done. */
  onProgress?(done: number, total: number): void;
  /** A registry to parse with in this thread (its grammars may already be loading); the caller closes it. */
  registry?: GrammarRegistry;
}

/** Below this many bytes, starting workers (~100 ms each to load WASM) costs more than it saves. */
const WORKER_MIN_TOTAL_BYTES = 8 * 1024 * 1024;
const BATCH_MAX_FILES = 64;
const BATCH_MAX_BYTES = 512 * 1024;
/** Batches queued per worker so none waits on the main thread. */
const BATCHES_IN_FLIGHT_PER_WORKER = 2;

/** The worker's module: always the built one (tests run this file from the TypeScript sources). */
function workerEntry(): URL {
  return pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'tags', 'tag-worker.js'));
}

export function defaultWorkerCount(totalBytes: number): number {
  if (totalBytes < WORKER_MIN_TOTAL_BYTES) return 0;
  return Math.max(1, Math.min(availableParallelism(), 8));
}

export async function tagFiles(files: ReadonlyArray<TagFileInput & { size?: number }>, options: TagFilesOptions): Promise<void> {
  const totalBytes = files.reduce((sum, file) => sum + (file.size ?? 0), 0);
  const workers = options.workers ?? defaultWorkerCount(totalBytes);
  if (workers === 0 || files.length === 0 || options.registry) return tagInThread(files, options);
  return tagOnWorkers(files, workers, options);
}

async function tagInThread(files: ReadonlyArray<TagFileInput>, options: TagFilesOptions): Promise<void> {
  const registry = options.registry ?? new GrammarRegistry(options);
  try {
    let done = 0;
    for (const file of files) {
      options.onResult(await tagFile(file, registry, options), file);
      options.onProgress?.(++done, files.length);
    }
  } finally {
    if (!options.registry) await registry.close();
  }
}

interface Batch {
  files: TagFileInput[];
  bytes: number;
}

function makeBatches(files: ReadonlyArray<TagFileInput & { size?: number }>): Batch[] {
  const batches: Batch[] = [];
  let current: Batch = { files: [], bytes: 0 };
  for (const file of files) {
    current.files.push({ relPath: file.relPath, absPath: file.absPath });
    current.bytes += file.size ?? 0;
    if (current.files.length >= BATCH_MAX_FILES || current.bytes >= BATCH_MAX_BYTES) {
      batches.push(current);
      current = { files: [], bytes: 0 };
    }
  }
  if (current.files.length > 0) batches.push(current);
  return batches;
}

/**
 * A worker's WASM heap only grows: parsing big files leaves it fragmented at the size of the
 * largest trees (a worker that had parsed the kernel's biggest files held ~250 MB). After this
 * much source a worker is retired and replaced, which costs ~0.2 s per restart (~26 restarts
 * over the kernel's 827 MB).
 */
const WORKER_RECYCLE_BYTES = 32 * 1024 * 1024;

/**
 * A small young generation keeps each worker's heap from ballooning with short-lived query
 * results (measured on the kernel's biggest files: peak RSS 385 MB with the default, 277 MB with
 * 4 MB, for ~5 % more parse time).
 */
const WORKER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 2048 };

interface PoolWorker {
  worker: Worker;
  inFlight: number;
  bytes: number;
  retiring: boolean;
}

function tagOnWorkers(files: ReadonlyArray<TagFileInput & { size?: number }>, workerCount: number, options: TagFilesOptions): Promise<void> {
  const batches = makeBatches(files);
  const workerData: TagFileOptions = {
    headerLanguage: options.headerLanguage,
    grammarOverrides: options.grammarOverrides,
    maxFileBytes: options.maxFileBytes,
    budgetMs: options.budgetMs,
  };
  const workerUrl = workerEntry();
  const finished = new Map<number, TagFileResult[]>();
  const pool = new Set<PoolWorker>();
  let nextToSend = 0;
  let nextToDeliver = 0;
  let done = 0;

  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      for (const entry of pool) void entry.worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const send = (entry: PoolWorker): void => {
      if (nextToSend >= batches.length || entry.retiring) return;
      const batch = nextToSend++;
      entry.inFlight++;
      entry.bytes += batches[batch]!.bytes;
      if (entry.bytes >= WORKER_RECYCLE_BYTES) entry.retiring = true;
      entry.worker.postMessage({ batch, files: batches[batch]!.files } satisfies TagBatchRequest);
    };
    const deliver = (): void => {
      while (finished.has(nextToDeliver)) {
        const results = finished.get(nextToDeliver)!;
        finished.delete(nextToDeliver);
        results.forEach((result, i) => {
          options.onResult(result, batches[nextToDeliver]!.files[i]!);
          options.onProgress?.(++done, files.length);
        });
        nextToDeliver++;
      }
      if (nextToDeliver === batches.length && !settled) {
        settled = true;
        for (const entry of pool) entry.worker.postMessage('close');
        resolve();
      }
    };
    const start = (): void => {
      const worker = new Worker(workerUrl, { workerData, resourceLimits: WORKER_HEAP_LIMITS });
      const entry: PoolWorker = { worker, inFlight: 0, bytes: 0, retiring: false };
      pool.add(entry);
      entry.worker.on('message', (response: TagBatchResponse) => {
        entry.inFlight--;
        finished.set(response.batch, response.results);
        if (entry.retiring && entry.inFlight === 0) {
          pool.delete(entry);
          entry.worker.postMessage('close');
          if (nextToSend < batches.length) start();
        } else {
          send(entry);
        }
        try {
          deliver();
        } catch (error) {
          fail(error);
        }
      });
      entry.worker.on('error', fail);
      entry.worker.on('exit', (code) => {
        if (code !== 0 && !settled) fail(new Error(`tags worker exited with code ${code}`));
      });
      for (let i = 0; i < BATCHES_IN_FLIGHT_PER_WORKER; i++) send(entry);
    };
    for (let i = 0; i < Math.min(workerCount, batches.length); i++) start();
  });
}
