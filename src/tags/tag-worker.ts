/**
 * Worker-thread entry of the tags stage: receives batches of files, tags them with its own
 * grammar registry, posts the results back. Before each file it records which file it is on
 * (and since when) in memory shared with the main thread, and once its OS thread id. Holds no state beyond its registry.
 * It may be started before a build knows what to tag (prestartTagWorkers): loading this module
 * is all it does until its first request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GrammarRegistry } from './grammar-registry.js';
import { tagFile, type TagFileOptions } from './tag-file.js';
import { ResultPacker } from './packed-results.js';
import { ownThreadId } from './thread-cpu.js';
import { WorkerPosition, workerPositionViews, type TagBatchRequest, type TagBatchResponse, type TagWorkerData } from './tag-worker-protocol.js';

const { shared } = workerData as TagWorkerData;
const views = shared ? workerPositionViews(shared) : undefined;
if (views) Atomics.store(views.position, WorkerPosition.ThreadId, ownThreadId() ?? 0);
/** Made on the first request, which carries the options (the grammars compile only then). */
let options: TagFileOptions = {};
let registry: GrammarRegistry | undefined;

async function tagBatch(request: TagBatchRequest): Promise<void> {
  if (!registry) {
    options = request.options ?? {};
    registry = new GrammarRegistry(options);
  }
  const packer = new ResultPacker();
  for (const [index, file] of request.files.entries()) {
    if (views) {
      views.startedAt[0] = Date.now();
      Atomics.store(views.position, WorkerPosition.Request, request.request);
      Atomics.store(views.position, WorkerPosition.Index, index);
    }
    packer.add(await tagFile(file, registry, options));
  }
  if (views) Atomics.store(views.position, WorkerPosition.Index, -1);
  const { batch, transfer } = packer.finish();
  parentPort!.postMessage({ request: request.request, batch } satisfies TagBatchResponse, transfer);
}

/** Requests are worked one after another (a file's grammar load awaits, and must not let the next batch in). */
let queue = Promise.resolve();

parentPort!.on('message', (request: TagBatchRequest | 'close') => {
  queue = queue.then(async () => {
    if (request !== 'close') return tagBatch(request);
    await registry?.close();
    parentPort!.close();
  });
});
