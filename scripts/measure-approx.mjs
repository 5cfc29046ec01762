#!/usr/bin/env node
// How far `--tokenizer approx` (characters / 2.8) is from the exact tokenizers, measured on the
// maps of the corpora (the text that is actually budgeted). Usage: node scripts/measure-approx.mjs
// [TIER...] (default: small medium ts). Builds without a cache, so nothing is written anywhere.
// Prints, per corpus and budget, the map's o200k, cl100k and approx counts and approx's error.
import { homedir } from 'node:os';
import path from 'node:path';
import { buildRepoMap } from '../dist/index.js';
import { loadTokenCounter } from '../dist/render/token-counter.js';

const CORPORA = process.env.REPOMAP_CORPORA ?? path.join(homedir(), '.cache', 'repomap-corpora');
const BUDGETS = [1024, 8192];
const tiers = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['small', 'medium', 'ts'];
const counters = Object.fromEntries(await Promise.all(['o200k', 'cl100k', 'approx'].map(async (name) => [name, await loadTokenCounter(name)])));
const percent = (approx, exact) => `${(((approx - exact) / exact) * 100).toFixed(1)}%`;

console.log('corpus  budget  o200k  cl100k  approx  approx vs o200k  approx vs cl100k');
for (const tier of tiers) {
  for (const tokens of BUDGETS) {
    const { text } = await buildRepoMap({ root: path.join(CORPORA, tier), tokens });
    const [o200k, cl100k, approx] = ['o200k', 'cl100k', 'approx'].map((name) => counters[name](text));
    console.log([tier, tokens, o200k, cl100k, approx, percent(approx, o200k), percent(approx, cl100k)].join('  '));
  }
}
