import { describe, expect, test } from 'vitest';
import { fitBudget } from '../../src/render/fit-budget.js';
import { collectPrefixFiles, renderBlock, sortedPaths } from '../../src/render/render-map.js';
import { RepomapError } from '../../src/errors.js';
import { loadTokenCounter, startTokenCounter } from '../../src/render/token-counter.js';
import type { RankedEntry } from '../../src/types.js';

/** 400 definitions over 60 files; snippets are their lines spelled out. */
function makeEntries(): RankedEntry[] {
  const entries: RankedEntry[] = [{ type: 'file', relPath: 'README.md' }];
  for (let i = 0; i < 400; i++) {
    const relPath = `src/module_${String(i % 60).padStart(2, '0')}.py`;
    entries.push({ type: 'definition', relPath, name: `function_${i}`, lines: [i], score: 1 / (i + 1) });
  }
  for (let i = 0; i < 30; i++) entries.push({ type: 'file', relPath: `docs/page_${i}.md` });
  return entries;
}

const snippet = (relPath: string, lines: number[]): string =>
  lines.map((line) => `│def function_${line}(argument_${line}, other=${relPath.length}):\n⋮\n`).join('');

function mapText(entries: RankedEntry[], count: number): string {
  const files = collectPrefixFiles(entries, count);
  return sortedPaths(files)
    .map((relPath) => {
      const lines = files.get(relPath);
      return renderBlock(relPath, lines ? snippet(relPath, [...lines].sort((a, b) => a - b)) : null);
    })
    .join('');
}

describe('fitting the budget', async () => {
  const countTokens = await loadTokenCounter('o200k');
  const entries = makeEntries();

  test.each([16, 128, 512, 1024, 4096])('budget %i: the map never exceeds it and is the largest prefix that fits', async (budget) => {
    const result = await fitBudget({ entries, budget, countTokens, prepare: async () => {}, renderSnippet: snippet });
    expect(result.tokens).toBe(countTokens(result.text));
    expect(result.tokens).toBeLessThanOrEqual(budget);
    expect(result.text).toBe(mapText(entries, result.entryCount));
    if (result.entryCount < entries.length) {
      expect(countTokens(mapText(entries, result.entryCount + 1))).toBeGreaterThan(budget);
    }
    // Probes sum per-file counts; only a handful of whole-map counts happen near the boundary.
    expect(result.exactCounts).toBeLessThanOrEqual(6);
  });

  test('a budget larger than the whole map takes every entry', async () => {
    const result = await fitBudget({ entries, budget: 1_000_000, countTokens, prepare: async () => {}, renderSnippet: snippet });
    expect(result.entryCount).toBe(entries.length);
  });

  test('only files of the probed prefixes are prepared (parsed)', async () => {
    const prepared = new Set<string>();
    await fitBudget({
      entries,
      budget: 256,
      countTokens,
      prepare: async (requests) => requests.forEach((request) => prepared.add(request.relPath)),
      renderSnippet: snippet,
    });
    expect(prepared.size).toBeLessThan(30);
  });
});

describe('token counters', () => {
  test('approx counts characters / 2.8, rounded up; cl100k and o200k are exact and differ', async () => {
    expect((await loadTokenCounter('approx'))('x'.repeat(28))).toBe(10);
    expect((await loadTokenCounter('approx'))('x'.repeat(29))).toBe(11);
    const text = 'def parse_arguments(argv):\n    return argv[1:]\n';
    const o200k = (await loadTokenCounter('o200k'))(text);
    const cl100k = (await loadTokenCounter('cl100k'))(text);
    expect(o200k).toBeGreaterThan(5);
    expect(cl100k).toBeGreaterThan(5);
  });

  test('a tokenizer that cannot load (its ranks file missing) fails the count with a one-line error naming the way out', async () => {
    const broken = new URL(`data:text/javascript,${encodeURIComponent("throw new Error(\"Cannot find module 'o200k_base.tiktoken'\")")}`);
    const counter = startTokenCounter('o200k', broken);
    const failure = await counter.countMany(['def f(): pass']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RepomapError);
    expect((failure as Error).message).toBe("the o200k tokenizer failed: Cannot find module 'o200k_base.tiktoken' (reinstall repomap, or use --tokenizer approx)");
    // Asked once the worker is gone (a build counts long after the tokenizer failed to load): the same error, not a wait.
    await counter.close();
    expect(await counter.countMany(['x']).catch((error: unknown) => error)).toBe(failure);
  });
});
