/**
 * Token counting for the budget. `o200k` (default) and `cl100k` are exact BPE counts over the
 * ranks gpt-tokenizer ships (see bpe-counter.ts; loaded only when a map is fitted). `approx` is
 * characters / 2.8: map text is dense in symbols, and chars/4 undercounts it by ~29 %.
 */

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describeCause, RepomapError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { BpeRanks, bpeCounter } from './bpe-counter.js';

export const TOKENIZERS = ['o200k', 'cl100k', 'approx'] as const;
export type TokenizerName = (typeof TOKENIZERS)[number];
export const DEFAULT_TOKENIZER: TokenizerName = 'o200k';

/** Measured on map text against o200k: 2.8 characters per token. */
export const APPROX_CHARS_PER_TOKEN = 2.8;

export type CountTokens = (text: string) => number;

/** Counts a batch of texts; the form the budget fitting uses (the counter may be on a worker). */
export type CountTokensMany = (texts: string[]) => Promise<number[]>;

export interface TokenCounterHandle {
  countMany: CountTokensMany;
  close(): Promise<void>;
}

export function isTokenizerName(name: string): name is TokenizerName {
  return (TOKENIZERS as readonly string[]).includes(name);
}

export async function loadTokenCounter(name: TokenizerName): Promise<CountTokens> {
  switch (name) {
    case 'approx':
      return (text) => Math.ceil(text.length / APPROX_CHARS_PER_TOKEN);
    case 'o200k': {
      const { O200K_TOKEN_SPLIT_REGEX } = await import('gpt-tokenizer/esm/encodingParams/constants');
      return bpeCounter(BpeRanks.load(ranksFile('o200k_base')), O200K_TOKEN_SPLIT_REGEX);
    }
    case 'cl100k': {
      const { CL100K_TOKEN_SPLIT_REGEX } = await import('gpt-tokenizer/esm/encodingParams/constants');
      return bpeCounter(BpeRanks.load(ranksFile('cl100k_base')), CL100K_TOKEN_SPLIT_REGEX);
    }
  }
}

/** The `.tiktoken` ranks file gpt-tokenizer ships for an encoding. */
function ranksFile(encoding: string): string {
  return createRequire(import.meta.url).resolve(`gpt-tokenizer/data/${encoding}.tiktoken`);
}

/**
 * Starts a counter whose tokenizer loads on a worker thread, in parallel with whatever the
 * caller does next. `approx` needs no loading and counts in this thread.
 */
export function startTokenCounter(name: TokenizerName, workerUrl: URL = defaultWorkerUrl()): TokenCounterHandle {
  if (name === 'approx') {
    const pending = loadTokenCounter(name);
    return { countMany: async (texts) => texts.map(await pending), close: async () => {} };
  }
  const worker = new Worker(workerUrl, { workerData: name });
  worker.unref();
  let nextId = 0;
  const waiting = new Map<number, { resolve(counts: number[]): void; reject(error: Error): void }>();
  /** Why the worker stopped: later counts fail with it at once instead of waiting on no one. */
  let failure: Error | undefined;
  const failAll = (error: Error): void => {
    failure ??= error;
    for (const { reject } of waiting.values()) reject(failure);
    waiting.clear();
  };
  worker.on('message', ({ id, counts }: { id: number; counts: number[] }) => {
    waiting.get(id)?.resolve(counts);
    waiting.delete(id);
  });
  // Its tokenizer not loading (a broken install: its ranks file missing) is a one-line error.
  worker.on('error', (error) => failAll(new RepomapError(`the ${name} tokenizer failed: ${describeCause(error)} (reinstall repomap, or use --tokenizer approx)`, { cause: error })));
  worker.on('exit', (code) => failAll(new Error(`token counter worker exited with code ${code}`)));
  return {
    countMany: (texts) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, texts });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}

/** The worker's module: always the built one (tests run this file from the TypeScript sources). */
function defaultWorkerUrl(): URL {
  return pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'render', 'token-worker.js'));
}

/**
 * A counter that remembers recent counts: a live session fits the same file blocks map after
 * map, and counting them again was most of an edit's fitting time.
 */
export function memoizeCounts(countMany: CountTokensMany, maxEntries: number): CountTokensMany {
  const memo = new Map<string, number>();
  return async (texts) => {
    const missing = [...new Set(texts.filter((text) => !memo.has(text)))];
    if (missing.length > 0) {
      const counts = await countMany(missing);
      missing.forEach((text, i) => memo.set(text, counts[i]!));
      // Oldest first: a Map iterates in insertion order.
      for (const text of memo.keys()) {
        if (memo.size <= maxEntries) break;
        memo.delete(text);
      }
    }
    return texts.map((text) => memo.get(text)!);
  };
}
