/**
 * Worker-thread entry of the tags stage: receives batches of files, tags them with its own
 * grammar registry, posts the results back. Holds no state beyond its registry.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GrammarRegistry } from './grammar-registry.js';
import { tagFile, type TagFileInput, type TagFileOptions, type TagFileResult } from './tag-file.js';

export interface TagBatchRequest {
  batch: number;
  files: TagFileInput[];
}

export interface TagBatchResponse {
  batch: number;
  results: TagFileResult[];
}

const options = workerData as TagFileOptions;
const registry = new GrammarRegistry(options);

parentPort!.on('message', async (request: TagBatchRequest | 'close') => {
  if (request === 'close') {
    await registry.close();
    parentPort!.close();
    return;
  }
  const results: TagFileResult[] = [];
  for (const file of request.files) results.push(await tagFile(file, registry, options));
  parentPort!.postMessage({ batch: request.batch, results } satisfies TagBatchResponse);
});
