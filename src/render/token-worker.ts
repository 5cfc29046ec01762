/**
 * Worker-thread entry that counts tokens, so that loading the BPE ranks (~150-200 ms for o200k)
 * happens on another core while the main thread parses and ranks. Answers batches of texts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadTokenCounter, type TokenizerName } from './token-counter.js';

export interface CountRequest {
  id: number;
  texts: string[];
}

export interface CountResponse {
  id: number;
  counts: number[];
}

const counting = loadTokenCounter(workerData as TokenizerName);

parentPort!.on('message', async (request: CountRequest) => {
  const count = await counting;
  parentPort!.postMessage({ id: request.id, counts: request.texts.map(count) } satisfies CountResponse);
});
