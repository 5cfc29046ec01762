/**
 * Tags many files, in this thread or on worker threads, and hands the results to `onResult`
 * strictly in input order whatever order workers finish in, so everything built from them
 * (interned ids, floating-point sums) is identical from run to run.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../package-root.js';
import { Worker } from 'node:worker_threads';
import { detectLanguageByName } from '../languages.js';
import { tierUpForWorkload } from '../wasm-tiering.js';
import { defaultWorkerCount } from './thread-choice.js';
import { DEFAULT_PARSE_BUDGET_MS, GrammarRegistry } from './grammar-registry.js';
import { contentHash, readSource } from './read-source.js';
import { tagFile, type TagFileInput, type TagFileOptions } from './tag-file.js';
import { deliverInThread, receiveResults, type DeliveredResult } from './packed-results.js';
import { parseTimeoutDetail, type BudgetClock } from './parse-budget.js';
import { threadCpuMs } from './thread-cpu.js';
import { WORKER_POSITION_BYTES, WorkerPosition, workerPositionViews, type TagBatchRequest, type TagBatchResponse, type TagWorkerData } from './tag-worker-protocol.js';

export interface TagFilesOptions extends TagFileOptions {
  /** Worker threads to use; 0 tags in this thread. Default: by workload and cores. */
  workers?: number;
  /** Each file's result, tags packed as a worker sends them (see packed-results.ts). */
  onResult(result: DeliveredResult, input: TagFileInput): void;
  /** Called after each file with how many are done. */
  onProgress?(done: number, total: number): void;
  /** A registry to parse with in this thread (its grammars may already be loading); the caller closes it. */
  registry?: GrammarRegistry;
  /**
   * Milliseconds of CPU time a worker may spend on one file before it is terminated (default:
   * the parse budget plus STUCK_WORKER_GRACE_MS), for a parse that tree-sitter's own
   * cancellation misses; wall-clock time where the worker's CPU time cannot be read, and
   * STUCK_WORKER_WALL_FACTOR times as much wall-clock time in any case.
   */
  stuckAfterMs?: number;
}

const BATCH_MAX_FILES = 64;
/** Batches are cut by bytes: at most this much source ... */
const BATCH_MAX_BYTES = 512 * 1024;
/** ... and at least this much (a batch of tiny files costs a message round trip each). */
const BATCH_MIN_BYTES = 32 * 1024;
/**
 * A batch takes about this share of the bytes still to cut divided by the workers, so batches
 * shrink toward the end and the workers finish together instead of one waiting on a big batch.
 */
const BATCHES_PER_WORKER_REMAINING = 4;
/** Batches queued per worker so none waits on the main thread. */
const BATCHES_IN_FLIGHT_PER_WORKER = 2;
/**
 * A worker still on one file this long past the parse budget is stuck in code tree-sitter's own
 * cancellation does not reach: it is terminated and its other files go to a new worker.
 */
export const STUCK_WORKER_GRACE_MS = 1000;
/**
 * A worker on one file this many times the stuck limit in wall-clock time is terminated whatever
 * CPU time it used (a worker waiting on something that is not a core): generous, as on a loaded
 * machine a file's wall time is several times its CPU time (load 11 on two cores: ~5×).
 */
export const STUCK_WORKER_WALL_FACTOR = 10;
/** How often the main thread looks at what each worker is on. */
const WATCHDOG_INTERVAL_MS = 200;

/** The worker's module: always the built one (tests run this file from the TypeScript sources). */
function workerEntry(): URL {
  return pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'tags', 'tag-worker.js'));
}

/** A file to tag; `size` and `language` (when known) shape the work split and the compiler choice. */
export type TagFilesInput = TagFileInput & { size?: number; language?: string | null };

/** Bytes to parse per language (guessed from the name where the caller did not know it). */
function bytesByLanguage(files: readonly TagFilesInput[]): Map<string, number> {
  const bytes = new Map<string, number>();
  for (const file of files) {
    const language = file.language ?? detectLanguageByName(file.relPath)?.id;
    if (language) bytes.set(language, (bytes.get(language) ?? 0) + (file.size ?? 0));
  }
  return bytes;
}

/** A worker started before the build had work for it, and its shared record. */
interface SpareWorker {
  worker: Worker;
  shared: SharedArrayBuffer;
}

const spares: SpareWorker[] = [];

function startWorker(shared: SharedArrayBuffer): Worker {
  return new Worker(workerEntry(), { workerData: { shared } satisfies TagWorkerData, resourceLimits: WORKER_HEAP_LIMITS });
}

function newShared(): SharedArrayBuffer {
  const shared = new SharedArrayBuffer(WORKER_POSITION_BYTES);
  workerPositionViews(shared).position[WorkerPosition.Index] = -1;
  return shared;
}

/**
 * Starts up to `count` tags workers now, for a build certain to parse on workers once it has
 * found its files: a worker takes ~100-250 ms to start (its own Node.js environment and
 * modules), which then overlaps discovery instead of following it. They wait, not holding the
 * process open, until tagFiles takes them; discardSpareTagWorkers ends those it did not take.
 */
export function prestartTagWorkers(count: number): void {
  while (spares.length < count) {
    const shared = newShared();
    const spare: SpareWorker = { worker: startWorker(shared), shared };
    spare.worker.unref();
    // One that fails before it is taken is dropped (tagFiles starts a fresh one instead).
    spare.worker.on('error', () => undefined);
    spare.worker.once('exit', () => {
      const at = spares.indexOf(spare);
      if (at >= 0) spares.splice(at, 1);
    });
    spares.push(spare);
  }
}

/** Spare workers waiting to be taken. */
export function spareTagWorkerCount(): number {
  return spares.length;
}

export function discardSpareTagWorkers(): void {
  for (const { worker } of spares.splice(0)) void worker.terminate();
}

/** A spare worker if one is waiting, else a new one. */
function takeWorker(): SpareWorker {
  const spare = spares.shift();
  if (!spare) {
    const shared = newShared();
    return { worker: startWorker(shared), shared };
  }
  spare.worker.ref();
  return spare;
}

export async function tagFiles(files: readonly TagFilesInput[], options: TagFilesOptions): Promise<void> {
  const totalBytes = files.reduce((sum, file) => sum + (file.size ?? 0), 0);
  const workers = options.workers ?? defaultWorkerCount(totalBytes);
  if (workers === 0 || files.length === 0 || options.registry) {
    discardSpareTagWorkers();
    return tagInThread(files, options);
  }
  tierUpForWorkload(bytesByLanguage(files));
  return tagOnWorkers(files, workers, options);
}

async function tagInThread(files: ReadonlyArray<TagFileInput>, options: TagFilesOptions): Promise<void> {
  const registry = options.registry ?? new GrammarRegistry(options);
  try {
    let done = 0;
    for (const file of files) {
      options.onResult(deliverInThread(await tagFile(file, registry, options)), file);
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

/** Cuts the files (in order) into batches by bytes, each about its share of what is left. */
export function makeBatches(files: readonly TagFilesInput[], workerCount: number): Batch[] {
  let remaining = files.reduce((sum, file) => sum + (file.size ?? 0), 0);
  const share = (): number => Math.min(BATCH_MAX_BYTES, Math.max(BATCH_MIN_BYTES, remaining / (workerCount * BATCHES_PER_WORKER_REMAINING)));
  const batches: Batch[] = [];
  let current: Batch = { files: [], bytes: 0 };
  let target = share();
  for (const file of files) {
    current.files.push({ relPath: file.relPath, absPath: file.absPath });
    current.bytes += file.size ?? 0;
    remaining -= file.size ?? 0;
    if (current.files.length >= BATCH_MAX_FILES || current.bytes >= target) {
      batches.push(current);
      current = { files: [], bytes: 0 };
      target = share();
    }
  }
  if (current.files.length > 0) batches.push(current);
  return batches;
}

/**
 * A worker's WASM heap only grows: parsing big files leaves it fragmented at the size of the
 * largest trees (a worker that had parsed the kernel's biggest files held ~250 MB). After this
 * much source a worker is retired and replaced. Each new worker compiles its grammars again,
 * and the compilers' memory stays behind in glibc's malloc arenas: retiring every 32 MB (~26
 * restarts over the kernel's 827 MB) left the peak RSS ~75 MB higher and the build slower than
 * every 256 MB (~3 restarts); see BENCHMARKS.md.
 */
const WORKER_RECYCLE_BYTES = 256 * 1024 * 1024;

/**
 * A bounded young generation keeps each worker's heap from ballooning with short-lived query
 * results (measured on the kernel's biggest files: peak RSS 385 MB with the default, 277 MB with
 * 4 MB). 4 MB made a scavenge every ~35 KB of Go source (~470 per worker on the Go stdlib, ~0.8 s
 * of each worker's CPU); 16 MB cut the cold build's CPU by ~10 % (see BENCHMARKS.md).
 */
const WORKER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 2048 };

/** What one request to a worker carried: `originals` are the batch positions of its files. */
interface Sent {
  request: number;
  batch: number;
  originals: number[];
}

interface PoolWorker {
  worker: Worker;
  /** Written by the worker: see tag-worker-protocol.ts. */
  position: Int32Array;
  startedAt: Float64Array;
  /** The file the watchdog last saw the worker on, and the worker's CPU time then (ms). */
  seen?: { request: number; index: number; startedAt: number; cpuMs: number | undefined };
  inFlight: Sent[];
  bytes: number;
  retiring: boolean;
  killed: boolean;
  /** Whether its first request (which carries the options) has gone. */
  configured: boolean;
}

/** How long a worker was on one file when it was terminated, and by which clock it was. */
interface StuckFor {
  ms: number;
  clock: BudgetClock;
}

/** The result of a file whose worker was stuck on it past the budget (hashed here). */
function stuckResult(file: TagFileInput, options: TagFilesOptions, stuck: StuckFor): DeliveredResult {
  const source = readSource(file.absPath, options.maxFileBytes);
  const hash = source.bytes ? contentHash(source.bytes) : undefined;
  return { type: 'skipped', skipped: { relPath: file.relPath, reason: 'parse-timeout', detail: parseTimeoutDetail(stuck.ms, stuck.clock) }, hash, clock: stuck.clock };
}

/**
 * How long a worker has been stuck on the file it is on, or undefined while it is within its
 * limits. CPU time is counted from when the watchdog first saw the worker on the file (at most
 * one tick after it started), so it is never more than the truth.
 */
function stuckFor(entry: PoolWorker, request: number, index: number, now: number, stuckAfterMs: number): StuckFor | undefined {
  const startedAt = entry.startedAt[0]!;
  const tid = Atomics.load(entry.position, WorkerPosition.ThreadId);
  const seen = entry.seen;
  if (!seen || seen.request !== request || seen.index !== index || seen.startedAt !== startedAt) {
    entry.seen = { request, index, startedAt, cpuMs: tid > 0 ? threadCpuMs(tid) : undefined };
    return undefined;
  }
  const waited = now - startedAt;
  if (waited <= stuckAfterMs) return undefined;
  if (seen.cpuMs === undefined) return { ms: waited, clock: 'wall' };
  const cpuNow = threadCpuMs(tid);
  if (cpuNow === undefined) return { ms: waited, clock: 'wall' };
  if (cpuNow - seen.cpuMs > stuckAfterMs) return { ms: cpuNow - seen.cpuMs, clock: 'cpu' };
  return waited > stuckAfterMs * STUCK_WORKER_WALL_FACTOR ? { ms: waited, clock: 'wall' } : undefined;
}

function tagOnWorkers(files: readonly TagFilesInput[], workerCount: number, options: TagFilesOptions): Promise<void> {
  const batches = makeBatches(files, workerCount);
  const tagOptions: TagFileOptions = {
    headerLanguage: options.headerLanguage,
    grammarOverrides: options.grammarOverrides,
    maxFileBytes: options.maxFileBytes,
    budgetMs: options.budgetMs,
  };
  const stuckAfterMs = options.stuckAfterMs ?? (options.budgetMs ?? DEFAULT_PARSE_BUDGET_MS) + STUCK_WORKER_GRACE_MS;
  /** Results of batches not complete yet, by batch; complete ones move to `finished`. */
  const partial = new Map<number, Array<DeliveredResult | undefined>>();
  const finished = new Map<number, DeliveredResult[]>();
  /** Files of a stuck worker's batches to send again, as [batch, positions]. */
  const resend: Array<{ batch: number; originals: number[] }> = [];
  const pool = new Set<PoolWorker>();
  let nextToSend = 0;
  let nextToDeliver = 0;
  let nextRequest = 0;
  let done = 0;

  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const watchdog = setInterval(() => checkStuck(), Math.min(WATCHDOG_INTERVAL_MS, stuckAfterMs / 2));
    watchdog.unref();
    const finish = (): void => {
      settled = true;
      clearInterval(watchdog);
    };
    const fail = (error: unknown): void => {
      if (settled) return;
      finish();
      for (const entry of pool) void entry.worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const hasWork = (): boolean => resend.length > 0 || nextToSend < batches.length;
    const store = (batch: number, positions: readonly number[], results: readonly DeliveredResult[]): void => {
      const slots = partial.get(batch) ?? Array.from<DeliveredResult | undefined>({ length: batches[batch]!.files.length });
      positions.forEach((position, i) => (slots[position] = results[i]));
      if (slots.every((slot) => slot !== undefined)) {
        partial.delete(batch);
        finished.set(batch, slots as DeliveredResult[]);
      } else {
        partial.set(batch, slots);
      }
    };
    const send = (entry: PoolWorker): void => {
      if (entry.retiring || entry.killed || !hasWork()) return;
      let next: { batch: number; originals: number[] };
      if (resend.length > 0) next = resend.shift()!;
      else {
        const batch = nextToSend++;
        next = { batch, originals: batches[batch]!.files.map((_, i) => i) };
      }
      const sent: Sent = { request: nextRequest++, ...next };
      entry.inFlight.push(sent);
      entry.bytes += batches[sent.batch]!.bytes;
      if (entry.bytes >= WORKER_RECYCLE_BYTES) entry.retiring = true;
      const request: TagBatchRequest = { request: sent.request, files: sent.originals.map((i) => batches[sent.batch]!.files[i]!) };
      if (!entry.configured) {
        request.options = tagOptions;
        entry.configured = true;
      }
      entry.worker.postMessage(request);
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
        finish();
        for (const entry of pool) entry.worker.postMessage('close');
        resolve();
      }
    };
    /** Terminates a worker stuck on one file; that file is a parse-timeout, its others go again. */
    const kill = (entry: PoolWorker, request: number, index: number, stuck: StuckFor): void => {
      entry.killed = true;
      pool.delete(entry);
      void entry.worker.terminate();
      for (const sent of entry.inFlight) {
        let originals = sent.originals;
        if (sent.request === request) {
          const position = sent.originals[index]!;
          store(sent.batch, [position], [stuckResult(batches[sent.batch]!.files[position]!, options, stuck)]);
          originals = originals.filter((other) => other !== position);
        }
        if (originals.length > 0) resend.push({ batch: sent.batch, originals });
      }
      entry.inFlight = [];
      if (hasWork()) start();
      deliver();
    };
    const checkStuck = (): void => {
      const now = Date.now();
      for (const entry of [...pool]) {
        const index = Atomics.load(entry.position, WorkerPosition.Index);
        if (index < 0) continue;
        const request = Atomics.load(entry.position, WorkerPosition.Request);
        const stuck = stuckFor(entry, request, index, now, stuckAfterMs);
        if (!stuck) continue;
        try {
          kill(entry, request, index, stuck);
        } catch (error) {
          fail(error);
        }
      }
    };
    const start = (): void => {
      const { worker, shared } = takeWorker();
      const { position, startedAt } = workerPositionViews(shared);
      const entry: PoolWorker = { worker, position, startedAt, inFlight: [], bytes: 0, retiring: false, killed: false, configured: false };
      pool.add(entry);
      entry.worker.on('message', (response: TagBatchResponse) => {
        // A stuck worker's last words: its files were already given to another.
        if (entry.killed) return;
        const at = entry.inFlight.findIndex((sent) => sent.request === response.request);
        const [sent] = entry.inFlight.splice(at, 1);
        store(sent!.batch, sent!.originals, receiveResults(response.batch));
        if (entry.retiring && entry.inFlight.length === 0) {
          pool.delete(entry);
          entry.worker.postMessage('close');
          if (hasWork()) start();
        } else {
          send(entry);
        }
        try {
          deliver();
        } catch (error) {
          fail(error);
        }
      });
      entry.worker.on('error', (error) => {
        if (!entry.killed) fail(error);
      });
      entry.worker.on('exit', (code) => {
        if (code !== 0 && !settled && !entry.killed) fail(new Error(`tags worker exited with code ${code}`));
      });
      for (let i = 0; i < BATCHES_IN_FLIGHT_PER_WORKER; i++) send(entry);
    };
    for (let i = 0; i < Math.min(workerCount, batches.length); i++) start();
    // Spares beyond what this work needs (fewer batches than workers) are not left waiting.
    discardSpareTagWorkers();
  });
}
