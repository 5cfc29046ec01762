/**
 * The budget is a hard limit on real code: for Django, the Go standard library and RxJS, at
 * budgets from 128 to 16384 tokens, the map is non-empty and its o200k count is within the
 * budget. The corpora are installed by `.ci/run` (scripts/install-corpora.sh); where they are
 * missing this suite says so and fails rather than passing silently, unless
 * REPOMAP_SKIP_CORPORA=1 is set. Each corpus is parsed once: the first budget builds cold into a
 * temporary cache, the others rank and fit from its tags (the budget is enforced after ranking,
 * so every budget still fits a fresh map).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadTokenCounter } from '../../src/render/token-counter.js';
import { buildRepoMap } from '../../src/session/build-map.js';
import { CacheConfig } from '../../src/store/cache-config.js';
import { makeTempDir } from '../helpers.js';

const CORPORA = process.env.REPOMAP_CORPORA ?? path.join(homedir(), '.cache', 'repomap-corpora');
const TIERS = [
  { name: 'django', dir: 'small' },
  { name: 'go-stdlib', dir: 'medium' },
  { name: 'rxjs', dir: 'ts' },
];
const BUDGETS = [128, 512, 1024, 4096, 16384];
/** The Go standard library parses cold in ~7 s on two idle cores; the other budgets reuse its tags. */
const CORPUS_TIMEOUT_MS = 180_000;
const skip = process.env.REPOMAP_SKIP_CORPORA === '1';

describe.skipIf(skip)('maps of real corpora stay within the budget', () => {
  test.each(TIERS)('$name', async ({ dir }) => {
    const root = path.join(CORPORA, dir);
    if (!existsSync(root)) throw new Error(`${root} is missing: run scripts/install-corpora.sh small medium ts`);
    const countTokens = await loadTokenCounter('o200k');
    const cache = CacheConfig.fromEnv(root, { cacheDir: makeTempDir('repomap-corpus-cache-') }, {});
    for (const tokens of BUDGETS) {
      const result = await buildRepoMap({ root, tokens, cache });
      expect(result.text.length, `budget ${tokens}`).toBeGreaterThan(0);
      expect(countTokens(result.text), `budget ${tokens}`).toBeLessThanOrEqual(tokens);
      expect(result.tokens).toBe(countTokens(result.text));
    }
  }, CORPUS_TIMEOUT_MS);
});
