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
  if (workers === 0 || files.length === 0) return tagInThread(files, options);
  return tagOnWorkers(files, workers, options);
}

async function tagInThread(files: ReadonlyArray<TagFileInput>, options: TagFilesOptions): Promise<void> {
  const registry = new GrammarRegistry(options);
  try {
    let done = 0;
    for (const file of files) {
      options.onResult(await tagFile(file, registry, options), file);
      options.onProgress?.(++done, files.length);
    }
  } finally {
    await registry.close();
  }
}

function makeBatches(files: ReadonlyArray<TagFileInput & { size?: number }>): TagFileInput[][] {
  const batches: TagFileInput[][] = [];
  let current: TagFileInput[] = [];
  let bytes = 0;
  for (const file of files) {
    current.push({ relPath: file.relPath, absPath: file.absPath });
    bytes += file.size ?? 0;
    if (current.length >= BATCH_MAX_FILES || bytes >= BATCH_MAX_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function tagOnWorkers(files: ReadonlyArray<TagFileInput & { size?: number }>, workerCount: number, options: TagFilesOptions): Promise<void> {
  const batches = makeBatches(files);
  const count = Math.min(workerCount, batches.length);
  const workerData: TagFileOptions = { headerLanguage: options.headerLanguage, grammarOverrides: options.grammarOverrides };
  const workerUrl = workerEntry();
  const pool = Array.from({ length: count }, () => new Worker(workerUrl, { workerData }));
  const finished = new Map<number, TagFileResult[]>();
  let nextToSend = 0;
  let nextToDeliver = 0;
  let done = 0;

  return new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      for (const worker of pool) void worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const send = (worker: Worker): void => {
      if (nextToSend >= batches.length) return;
      const batch = nextToSend++;
      worker.postMessage({ batch, files: batches[batch]! } satisfies TagBatchRequest);
    };
    const deliver = (): void => {
      while (finished.has(nextToDeliver)) {
        const results = finished.get(nextToDeliver)!;
        finished.delete(nextToDeliver);
        results.forEach((result, i) => {
          options.onResult(result, batches[nextToDeliver]![i]!);
          options.onProgress?.(++done, files.length);
        });
        nextToDeliver++;
      }
      if (nextToDeliver === batches.length) {
        for (const worker of pool) worker.postMessage('close');
        resolve();
      }
    };
    for (const worker of pool) {
      worker.on('message', (response: TagBatchResponse) => {
        finished.set(response.batch, response.results);
        send(worker);
        try {
          deliver();
        } catch (error) {
          fail(error);
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0 && nextToDeliver < batches.length) fail(new Error(`tags worker exited with code ${code}`));
      });
      for (let i = 0; i < BATCHES_IN_FLIGHT_PER_WORKER; i++) send(worker);
    }
  });
}
