/**
 * Finds the largest prefix of the ranked list whose map fits the token budget (SPEC A6), never
 * going over it. Probes are cheap: each file's block is rendered and counted once per set of
 * lines of interest, and a probe's estimate is the sum of its blocks' counts. Only around the
 * boundary is whole map text counted exactly (BPE can merge across block joins), and the answer
 * is always checked exactly: the chosen prefix fits and the next one does not.
 */
import type { RankedEntry } from '../types.js';
import type { CountTokens, CountTokensMany } from './token-counter.js';
import { collectPrefixFiles, renderBlock, sortedPaths } from './render-map.js';

export interface FitOptions {
  entries: readonly RankedEntry[];
  budget: number;
  /** Counts texts one at a time (in this thread), or `countMany` batches (possibly on a worker). */
  countTokens?: CountTokens;
  countMany?: CountTokensMany;
  /** Makes renderSnippet ready for these files and lines (parses what it must); before each probe. */
  prepare(requests: Array<{ relPath: string; lines: number[] }>): Promise<void>;
  /** The snippet of a prepared file for these sorted lines of interest. */
  renderSnippet(relPath: string, lines: number[]): string;
}

export interface FittedBlock {
  relPath: string;
  /** Lines of interest, or null for a bare file. */
  lines: number[] | null;
  text: string;
  /** Tokens of this block counted on its own. */
  tokens: number;
}

export interface FitResult {
  /** How many ranked entries the map holds. */
  entryCount: number;
  text: string;
  tokens: number;
  blocks: FittedBlock[];
  /** Exact whole-map counts done (for stats). */
  exactCounts: number;
  probes: number;
}

/** A first guess at how many entries fit, from aider: about 25 tokens per entry. */
const TOKENS_PER_ENTRY_GUESS = 25;

export async function fitBudget(options: FitOptions): Promise<FitResult> {
  const { entries, budget } = options;
  const countMany: CountTokensMany =
    options.countMany ??
    (async (texts) => {
      if (!options.countTokens) throw new Error('fitBudget: countTokens or countMany is required');
      return texts.map(options.countTokens);
    });
  const blockCache = new Map<string, FittedBlock>();
  let probes = 0;
  let exactCounts = 0;

  const blocksFor = async (count: number): Promise<FittedBlock[]> => {
    probes++;
    const files = collectPrefixFiles(entries, count);
    const wanted = sortedPaths(files).map((relPath) => {
      const lineSet = files.get(relPath)!;
      const lines = lineSet ? [...lineSet].sort((a, b) => a - b) : null;
      return { relPath, lines, key: lines ? `${relPath}\0${lines.join(',')}` : relPath };
    });
    const missing = wanted.filter(({ key }) => !blockCache.has(key));
    await options.prepare(missing.filter(({ lines }) => lines !== null).map(({ relPath, lines }) => ({ relPath, lines: lines! })));
    const texts = missing.map(({ relPath, lines }) => renderBlock(relPath, lines ? options.renderSnippet(relPath, lines) : null));
    const counts = texts.length > 0 ? await countMany(texts) : [];
    missing.forEach(({ relPath, lines, key }, i) => blockCache.set(key, { relPath, lines, text: texts[i]!, tokens: counts[i]! }));
    return wanted.map(({ key }) => blockCache.get(key)!);
  };
  const estimate = async (count: number): Promise<number> =>
    (await blocksFor(count)).reduce((sum, block) => sum + block.tokens, 0);
  const exact = async (count: number): Promise<{ blocks: FittedBlock[]; text: string; tokens: number }> => {
    const blocks = await blocksFor(count);
    const text = blocks.map((block) => block.text).join('');
    exactCounts++;
    const [tokens] = await countMany([text]);
    return { blocks, text, tokens: tokens! };
  };

  const guess = Math.max(1, Math.floor(budget / TOKENS_PER_ENTRY_GUESS));
  const fitsEstimate = (limit: number) => async (count: number) => (await estimate(count)) <= limit;
  const fitsExactly = async (count: number) => (await exact(count)).tokens <= budget;
  const estimated = await largestFitting(entries.length, guess, fitsEstimate(budget));
  let best = await exact(estimated);
  let count = estimated;
  if (best.tokens > budget) {
    count = await largestFitting(estimated, Math.max(0, estimated - 1), fitsExactly, true);
  } else if (count < entries.length) {
    // Joined blocks merge tokens at their seams, so the estimate over-counts by about the same
    // amount around here: aim the estimate at the budget plus that slack, then verify exactly.
    const slack = (await estimate(estimated)) - best.tokens;
    const target = slack > 0 ? await largestFitting(entries.length, estimated, fitsEstimate(budget + slack)) : estimated;
    count = await boundaryByExactCounts(estimated, target, entries.length, fitsExactly);
  }
  if (count !== estimated) best = await exact(count);
  return { entryCount: count, text: best.text, tokens: best.tokens, blocks: best.blocks, exactCounts, probes };
}

/**
 * The largest count that fits exactly, given that `low` fits and `target` is a good guess:
 * check the guess, gallop upward if nothing is known not to fit, then bisect.
 */
async function boundaryByExactCounts(
  low: number,
  target: number,
  max: number,
  fits: (count: number) => Promise<boolean>,
): Promise<number> {
  let high: number | undefined;
  if (target > low) {
    if (await fits(target)) low = target;
    else high = target;
  }
  if (high === undefined) {
    let step = 1;
    while (low + step <= max && (await fits(low + step))) {
      low += step;
      step *= 2;
    }
    high = Math.min(max + 1, low + step);
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await fits(middle)) low = middle;
    else high = middle;
  }
  return low;
}

/**
 * The largest c in [0, max] with fits(c), assuming fits is true up to some point and false
 * after it (fits(0) is taken as true). Gallops from `guess` then bisects. With `downward`, the
 * search starts from `guess` going down (fits(max) is known to be false).
 */
async function largestFitting(
  max: number,
  guess: number,
  fits: (count: number) => Promise<boolean>,
  downward = false,
): Promise<number> {
  if (max <= 0) return 0;
  let low = 0; // known to fit
  let high = max + 1; // known not to fit
  let probe = Math.min(Math.max(guess, 1), max);
  if (downward) high = max;
  // Gallop: double up while it fits, halve down while it does not.
  for (;;) {
    if (probe <= low || probe >= high) break;
    if (await fits(probe)) {
      low = probe;
      if (probe === max) return max;
      probe = Math.min(max, probe * 2);
    } else {
      high = probe;
      probe = Math.floor(probe / 2);
      if (probe <= low) break;
    }
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await fits(middle)) low = middle;
    else high = middle;
  }
  return low;
}
