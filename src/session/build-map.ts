/**
 * The one place that runs the whole pipeline for a build: discover → tag → index → graph →
 * rank → fit and render. Options arrive validated (see options/); results leave as data. No
 * printing here: progress goes to an optional callback.
 */
import { performance } from 'node:perf_hooks';
import { discoverFiles, type DiscoveryResult } from '../discovery/discover-files.js';
import { buildGraph } from '../graph/build-graph.js';
import { personalize } from '../graph/personalize.js';
import { personalizedPageRank } from '../graph/pagerank.js';
import { mentionsFromPrompt } from '../graph/prompt-mentions.js';
import { orderEntries } from '../graph/rank-definitions.js';
import { TagIndex } from '../graph/tag-index.js';
import { compareCodePoints, isWithin, toAbsPath } from '../paths.js';
import { fitBudget } from '../render/fit-budget.js';
import { loadTokenCounter } from '../render/token-counter.js';
import { GrammarRegistry } from '../tags/grammar-registry.js';
import { tagFiles } from '../tags/tag-files.js';
import type { RankedEntry, SkippedFile, SourceFile } from '../types.js';
import { chooseHeaderLanguage } from '../languages.js';
import { OutlineLoader } from './outline-loader.js';
import type { BuildMapOptions, BuildMapResult, MapFile, StageTimings } from './types.js';

export async function buildRepoMap(options: BuildMapOptions): Promise<BuildMapResult> {
  const timings: StageTimings = { discover: 0, parse: 0, rank: 0, fit: 0, render: 0, total: 0 };
  const started = performance.now();
  let mark = started;
  const lap = (stage: keyof StageTimings): void => {
    const now = performance.now();
    timings[stage] += now - mark;
    mark = now;
  };

  const discovery = discoverFiles({
    root: options.root,
    maxFileBytes: options.maxFileBytes,
    excludeDirs: options.excludeDirs,
  });
  const { chatFiles, otherFiles } = splitInputs(discovery, options);
  lap('discover');

  const inputs = inputFiles(discovery, otherFiles, chatFiles);
  const headerLanguage = chooseHeaderLanguage(discovery.files.map((file) => file.relPath));
  const index = new TagIndex();
  const languages = new Map<string, string>();
  const skipped: SkippedFile[] = [...discovery.skipped];
  await tagFiles(inputs, {
    headerLanguage,
    grammarOverrides: options.grammarOverrides,
    workers: options.workers,
    onResult(result) {
      if (result.type === 'tags') {
        index.add(result.tags);
        languages.set(result.tags.relPath, result.tags.language);
      } else if (result.type === 'skipped') {
        skipped.push(result.skipped);
      }
    },
    onProgress: options.onProgress && ((done, total) => options.onProgress!({ stage: 'parse', done, total })),
  });
  skipped.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
  lap('parse');

  const skippedPaths = new Set(skipped.map((skip) => skip.relPath));
  const allOther = otherFiles.filter((relPath) => !skippedPaths.has(relPath));
  const mentions = options.prompt ? mentionsFromPrompt(options.prompt, allOther) : { files: new Set<string>(), idents: new Set<string>() };
  const mentionedFiles = new Set([...(options.mentionedFiles ?? []), ...mentions.files]);
  const mentionedIdents = new Set([...(options.mentionedIdents ?? []), ...mentions.idents]);
  const graph = buildGraph(index, { chatFiles, mentionedIdents });
  const personalization = personalize(graph, {
    inputFileCount: chatFiles.size + otherFiles.length,
    chatFiles,
    mentionedFiles,
    mentionedIdents,
  });
  const pagerank = personalizedPageRank(graph, { personalization });
  const entries = orderEntries(graph, pagerank.ranks, { chatFiles, otherFiles: allOther });
  lap('rank');

  const budget = effectiveBudget(options, chatFiles.size);
  const countTokens = await loadTokenCounter(options.tokenizer ?? 'o200k');
  const registry = new GrammarRegistry({ grammarOverrides: options.grammarOverrides });
  const outlines = new OutlineLoader(discovery.root, registry, languages);
  let fit;
  try {
    fit = await fitBudget({
      entries,
      budget,
      countTokens,
      prepare: (relPaths) => outlines.load(relPaths),
      renderSnippet: (relPath, lines) => outlines.renderSnippet(relPath, lines),
    });
  } finally {
    await registry.close();
  }
  lap('fit');

  const files = describeFiles(fit.blocks, entries.slice(0, fit.entryCount), graph.nodes, pagerank.ranks, index);
  lap('render');
  timings.total = performance.now() - started;
  return {
    root: discovery.root,
    text: fit.text,
    tokens: fit.tokens,
    budget,
    tokenizer: options.tokenizer ?? 'o200k',
    files,
    skipped,
    stats: {
      discovered: discovery.files.length,
      tagged: index.fileCount,
      definitions: index.defFile.length,
      graphNodes: graph.nodeCount,
      rankedEntries: entries.length,
      mapEntries: fit.entryCount,
      pagerankIterations: pagerank.iterations,
      pagerankConverged: pagerank.converged,
      personalized: pagerank.personalized,
      languages: countLanguages(languages),
      usedGit: discovery.usedGit,
      timings,
    },
  };
}

/** The files to tag, in path order: the other files and the chat files, listed or not. */
function inputFiles(discovery: DiscoveryResult, otherFiles: string[], chatFiles: Set<string>): SourceFile[] {
  const byPath = new Map(discovery.files.map((file) => [file.relPath, file]));
  const inputs = otherFiles.map((relPath) => byPath.get(relPath)!);
  for (const relPath of chatFiles) {
    // A chat file may be one discovery leaves out (ignored by git): the user named it, so tag it.
    inputs.push(byPath.get(relPath) ?? { relPath, absPath: toAbsPath(discovery.root, relPath), size: 0, mtimeMs: 0 });
  }
  return inputs.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
}

function splitInputs(discovery: DiscoveryResult, options: BuildMapOptions): { chatFiles: Set<string>; otherFiles: string[] } {
  const chatFiles = new Set(options.chatFiles ?? []);
  const limits = options.paths ?? [];
  const otherFiles = discovery.files
    .map((file) => file.relPath)
    .filter((relPath) => !chatFiles.has(relPath))
    .filter((relPath) => limits.length === 0 || limits.some((limit) => isWithin(relPath, limit)));
  return { chatFiles, otherFiles };
}

/** aider's optional enlargement when no file is in the chat: min(budget × M, W − 4096). */
function effectiveBudget(options: BuildMapOptions, chatCount: number): number {
  const budget = options.tokens ?? 1024;
  if (chatCount > 0 || !options.mapMulNoFiles) return budget;
  const enlarged = budget * options.mapMulNoFiles;
  return options.maxContextWindow ? Math.min(enlarged, options.maxContextWindow - 4096) : enlarged;
}

function countLanguages(languages: Map<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const language of languages.values()) counts[language] = (counts[language] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareCodePoints(a, b)));
}

function describeFiles(
  blocks: { relPath: string; lines: number[] | null; tokens: number }[],
  entries: RankedEntry[],
  nodes: string[],
  ranks: Float64Array,
  index: TagIndex,
): MapFile[] {
  const rankOf = new Map(nodes.map((relPath, node) => [relPath, ranks[node]!]));
  const namesOf = new Map<string, Set<string>>();
  for (const entry of entries) {
    if (entry.type !== 'definition') continue;
    const names = namesOf.get(entry.relPath) ?? new Set();
    names.add(entry.name);
    namesOf.set(entry.relPath, names);
  }
  return blocks.map((block) => {
    const names = namesOf.get(block.relPath);
    const definitions: MapFile['definitions'] = [];
    const file = index.fileId(block.relPath);
    if (names && file !== undefined) {
      const [start, end] = index.definitionRange(file);
      for (let d = start; d < end; d++) {
        const name = index.idents[index.defIdent.get(d)]!;
        if (names.has(name)) definitions.push({ name, kind: index.kinds[index.defKind.get(d)]!, line: index.defLine.get(d) });
      }
    }
    return { path: block.relPath, rank: rankOf.get(block.relPath) ?? 0, tokens: block.tokens, definitions };
  });
}
