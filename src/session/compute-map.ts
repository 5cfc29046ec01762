/**
 * Computes a map from input files: tags (copied from the last build's index, read from the
 * TagCache, or parsed), then graph, ranking, fitting and rendering. Loaded only when a map is
 * not served from the MapCache, so a warm build never loads tree-sitter or the tokenizer.
 * Entries enter the tag index strictly in path order, whatever their source, so the result is
 * the same as a cold build's.
 */
import { buildGraph } from '../graph/build-graph.js';
import { personalize } from '../graph/personalize.js';
import { personalizedPageRank } from '../graph/pagerank.js';
import { orderEntries, type OrderResult } from '../graph/rank-definitions.js';
import { TagIndex } from '../graph/tag-index.js';
import { compareCodePoints } from '../paths.js';
import { fitBudget, type FitResult } from '../render/fit-budget.js';
import { startTokenCounter, type TokenCounterHandle, type TokenizerName } from '../render/token-counter.js';
import { PACKAGE_ROOT } from '../package-root.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeTags, encodeTags, tagKeyString, type TagCache, type TagKey } from '../store/tag-cache.js';
import type { TreeCache } from '../store/tree-cache.js';
import type { GrammarRegistry } from '../tags/grammar-registry.js';
import { tagFiles } from '../tags/tag-files.js';
import type { TagFileResult } from '../tags/tag-file.js';
import type { SkippedFile } from '../types.js';
import type { InputFile } from './file-states.js';
import type { IndexSnapshot } from './snapshot.js';
import { lookupTags, type RemoteTier } from './remote-tier.js';
import { SnippetSource } from './snippet-source.js';
import type { BuildProgress, MapFile } from './types.js';

export interface ComputeMapInput {
  root: string;
  /** Every input file (chat and other), in path order. */
  files: readonly InputFile[];
  chatFiles: ReadonlySet<string>;
  /** Non-chat input files. */
  otherFiles: readonly string[];
  mentionedFiles: ReadonlySet<string>;
  mentionedIdents: ReadonlySet<string>;
  budget: number;
  tokenizer: TokenizerName;
  headerLanguage: string;
  grammarOverrides?: Readonly<Record<string, string>>;
  workers?: number;
  onProgress?(progress: BuildProgress): void;
  /** With a cache: each language's fingerprint, the last index, and the caches. */
  fingerprints?: ReadonlyMap<string, string>;
  snapshot?: IndexSnapshot;
  /** A token counter already loading (started early by the caller, who closes it). */
  tokenCounter?: TokenCounterHandle;
  /** A registry whose grammars are already loading (few changed files): parse with it in this thread. */
  registry?: GrammarRegistry;
  tagCache?: TagCache;
  treeCache?: TreeCache;
  /** The team cache: asked for what the TagCache lacks, handed what is parsed. */
  remote?: RemoteTier;
}

export interface ComputedMap {
  text: string;
  tokens: number;
  files: MapFile[];
  skipped: SkippedFile[];
  index: TagIndex;
  /** Tag key (content hash and fingerprint) of each file of the index. */
  keys: Map<string, string>;
  /** Tags parsed in this build and not yet stored (the rest went to the TagCache while parsing). */
  newTags: Array<TagKey & { data: string }>;
  /** Files whose content changed between hashing and parsing: their file rows must not be trusted. */
  staleFiles: string[];
  languages: Map<string, string>;
  counts: { parsed: number; fromSnapshot: number; fromCache: number };
  graph: { nodes: number; definitions: number; rankedEntries: number; mapEntries: number };
  pagerank: { iterations: number; converged: boolean; personalized: boolean };
  timings: { parse: number; rank: number; fit: number };
}

/** Parsed files whose tags are written to the TagCache in one transaction. */
const TAG_WRITE_BATCH = 500;

type Source = { from: 'snapshot'; key: string } | { from: 'cache'; key: string; data: string } | { from: 'parse'; key?: string };

function tagKeyOf(file: InputFile, fingerprints: ReadonlyMap<string, string> | undefined): TagKey | undefined {
  if (!file.hash || !file.language || !fingerprints) return undefined;
  const fingerprint = fingerprints.get(file.language);
  return fingerprint ? { hash: file.hash, fingerprint } : undefined;
}


export async function computeMap(input: ComputeMapInput): Promise<ComputedMap> {
  let mark = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const elapsed = now - mark;
    mark = now;
    return elapsed;
  };
  // The tokenizer loads on its own thread while this one tags and ranks.
  const counter = input.tokenCounter ?? startTokenCounterWorker(input.tokenizer);
  try {
    return await compute(input, counter, lap);
  } finally {
    if (!input.tokenCounter) await counter.close();
  }
}

/** A token counter whose tokenizer loads on a worker thread, starting now. */
export function startTokenCounterWorker(tokenizer: TokenizerName): TokenCounterHandle {
  return startTokenCounter(tokenizer, pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'render', 'token-worker.js')));
}

async function compute(input: ComputeMapInput, counter: TokenCounterHandle, lap: () => number): Promise<ComputedMap> {
  const { snapshot, fingerprints } = input;
  const tagged = input.files.filter((file) => file.language !== null);

  // Where each file's tags come from.
  const sources = new Map<string, Source>();
  const lookups: Array<{ relPath: string; key: TagKey }> = [];
  for (const file of tagged) {
    const key = tagKeyOf(file, fingerprints);
    if (key && snapshot?.keys.get(file.relPath) === tagKeyString(key)) sources.set(file.relPath, { from: 'snapshot', key: tagKeyString(key) });
    else if (key && input.tagCache) lookups.push({ relPath: file.relPath, key });
    else sources.set(file.relPath, { from: 'parse', key: key && tagKeyString(key) });
  }
  if (input.tagCache && lookups.length > 0) {
    const rows = await lookupTags(input.tagCache, input.remote, lookups.map(({ key }) => key));
    for (const { relPath, key } of lookups) {
      const data = rows.get(tagKeyString(key));
      sources.set(relPath, data === undefined ? { from: 'parse', key: tagKeyString(key) } : { from: 'cache', key: tagKeyString(key), data });
    }
  }

  const index = snapshot ? snapshot.index.emptyWithSameIds() : new TagIndex();
  const keys = new Map<string, string>();
  const languages = new Map<string, string>();
  const skipped: SkippedFile[] = [];
  const newTags: ComputedMap['newTags'] = [];
  const staleFiles: string[] = [];
  const counts = { parsed: 0, fromSnapshot: 0, fromCache: 0 };
  const byPath = new Map(tagged.map((file) => [file.relPath, file]));

  let cursor = 0;
  const addReadyUpTo = (stop: string | undefined): void => {
    while (cursor < tagged.length && tagged[cursor]!.relPath !== stop) {
      const file = tagged[cursor++]!;
      const source = sources.get(file.relPath)!;
      if (source.from === 'snapshot') {
        index.addFrom(snapshot!.index, snapshot!.index.fileId(file.relPath)!);
        counts.fromSnapshot++;
      } else if (source.from === 'cache') {
        index.add(decodeTags(file.relPath, source.data));
        counts.fromCache++;
      } else {
        continue;
      }
      keys.set(file.relPath, source.key);
      languages.set(file.relPath, file.language!);
    }
    if (stop !== undefined) cursor++;
  };
  const onParsed = (result: TagFileResult, relPath: string): void => {
    addReadyUpTo(relPath);
    counts.parsed++;
    if (result.type === 'skipped') {
      skipped.push(result.skipped);
      return;
    }
    const expected = byPath.get(relPath)?.hash;
    if (expected && result.hash !== expected) staleFiles.push(relPath);
    if (result.type !== 'tags') return;
    index.add(result.tags);
    languages.set(relPath, result.tags.language);
    const fingerprint = fingerprints?.get(result.tags.language);
    if (fingerprint) {
      newTags.push({ hash: result.hash, fingerprint, data: encodeTags(result.tags) });
      input.remote?.queueTags(newTags.slice(-1));
      keys.set(relPath, tagKeyString({ hash: result.hash, fingerprint }));
      // Store as we go, in short transactions, instead of holding every file's tags to the end.
      if (input.tagCache && newTags.length >= TAG_WRITE_BATCH) input.tagCache.putMany(newTags.splice(0));
    }
  };
  const toParse = tagged.filter((file) => sources.get(file.relPath)!.from === 'parse');
  await tagFiles(toParse, {
    headerLanguage: input.headerLanguage,
    grammarOverrides: input.grammarOverrides,
    workers: input.workers,
    registry: input.registry,
    onResult: (result, file) => onParsed(result, file.relPath),
    onProgress: input.onProgress && ((done, total) => input.onProgress!({ stage: 'parse', done, total })),
  });
  addReadyUpTo(undefined);
  index.trim();
  // Entries copied from the last index are cached tags too.
  if (input.tagCache) input.tagCache.counters.hits += counts.fromSnapshot;
  const parseMs = lap();

  const skippedPaths = new Set(skipped.map((skip) => skip.relPath));
  const otherFiles = input.otherFiles.filter((relPath) => !skippedPaths.has(relPath));
  const graph = buildGraph(index, { chatFiles: input.chatFiles, mentionedIdents: input.mentionedIdents });
  // Without a cache nothing needs the references again: free them before ranking (~60 MB on Linux).
  if (!input.tagCache) index.releaseReferences();
  const personalization = personalize(graph, {
    inputFileCount: input.chatFiles.size + input.otherFiles.length,
    chatFiles: input.chatFiles,
    mentionedFiles: input.mentionedFiles,
    mentionedIdents: input.mentionedIdents,
  });
  const pagerank = personalizedPageRank(graph, { personalization });
  const rankMs = lap();

  const hashes = new Map(input.files.filter((file) => file.hash).map((file) => [file.relPath, file.hash!]));
  const snippets = new SnippetSource(input.root, languages, input.tagCache ? hashes : undefined, input.treeCache, input.grammarOverrides, input.registry);
  let order: OrderResult;
  let fit: FitResult;
  // A map cannot hold more entries than it has tokens (bar names sharing a line), so rank that
  // many first and widen only if the budget takes them all.
  let limit = Math.max(64, input.budget);
  try {
    for (;;) {
      order = orderEntries(graph, pagerank.ranks, { chatFiles: input.chatFiles, otherFiles, limit });
      fit = await fitBudget({
        entries: order.entries,
        budget: input.budget,
        countMany: counter.countMany,
        prepare: (requests) => snippets.prepare(requests),
        renderSnippet: (relPath, lines) => snippets.render(relPath, lines),
      });
      if (order.complete || fit.entryCount < order.entries.length) break;
      limit *= 4;
    }
  } finally {
    await snippets.close();
  }
  const files = describeFiles(fit.blocks, order.entries.slice(0, fit.entryCount), graph.nodes, pagerank.ranks, index);
  const fitMs = lap();

  return {
    text: fit.text,
    tokens: fit.tokens,
    files,
    skipped: skipped.sort((a, b) => compareCodePoints(a.relPath, b.relPath)),
    index,
    keys,
    newTags,
    staleFiles,
    languages,
    counts,
    graph: { nodes: graph.nodeCount, definitions: index.defFile.length, rankedEntries: order.entries.length, mapEntries: fit.entryCount },
    pagerank: { iterations: pagerank.iterations, converged: pagerank.converged, personalized: pagerank.personalized },
    timings: { parse: parseMs, rank: rankMs, fit: fitMs },
  };
}

function describeFiles(
  blocks: ReadonlyArray<{ relPath: string; tokens: number }>,
  entries: ReturnType<typeof orderEntries>['entries'],
  nodes: readonly string[],
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
        const name = index.identName(index.defIdent.get(d));
        if (names.has(name)) definitions.push({ name, kind: index.kinds[index.defKind.get(d)]!, line: index.defLine.get(d) });
      }
    }
    return { path: block.relPath, rank: rankOf.get(block.relPath) ?? 0, tokens: block.tokens, definitions };
  });
}
