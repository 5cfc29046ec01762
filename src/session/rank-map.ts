/**
 * From a tag index to a fitted map: graph, personalized PageRank, then the named loop that ranks
 * just enough definitions for the budget and fits them (SPEC A3–A7). Pure of caches except the
 * snippet source handed in; loaded only when a map is not served from the MapCache.
 */
import { weighGraph, type IdentGroups, type RepoGraph } from '../graph/build-graph.js';
import { buildFileGraph, type FileGraph } from '../graph/file-graph.js';
import { personalize } from '../graph/personalize.js';
import { personalizedPageRank } from '../graph/pagerank.js';
import { orderEntries, type OrderResult } from '../graph/rank-definitions.js';
import type { TagIndex } from '../graph/tag-index.js';
import { fitBudget, type FitResult } from '../render/fit-budget.js';
import type { MapStyle } from '../render/render-snippet.js';
import type { CountTokensMany } from '../render/token-counter.js';
import type { SnippetSource } from './snippet-source.js';
import type { MapFile } from './types.js';

export interface RankMapInput {
  /** The index's request-free identifier groups (groupIdents); this request weighs them. */
  groups: IdentGroups;
  chatFiles: ReadonlySet<string>;
  /** Non-chat input files that were not skipped, in path order. */
  otherFiles: readonly string[];
  /** Chat plus other input files, skipped or not: the N of SPEC A4. */
  inputFileCount: number;
  mentionedFiles: ReadonlySet<string>;
  mentionedIdents: ReadonlySet<string>;
  budget: number;
  style: MapStyle;
  /** With history: each file's co-change share with the chat files. */
  coChange?: ReadonlyMap<string, number>;
  countMany: CountTokensMany;
  snippets: SnippetSource;
  /** Kept by a live session across maps: what the next map may reuse. */
  memo?: RankMemo;
  /** Also describe the ranked graph's best `top` files (SPEC B9), with each file's language. */
  graph?: { top?: number; languages: ReadonlyMap<string, string> };
}

export interface RankedMap {
  text: string;
  tokens: number;
  files: MapFile[];
  graph: { nodes: number; definitions: number; rankedEntries: number; mapEntries: number };
  pagerank: { iterations: number; converged: boolean; personalized: boolean };
  timings: { rank: number; fit: number };
  /** With input.graph: the graph this map was ranked on. */
  fileGraph?: FileGraph;
}

/**
 * The last personalization vector, with what it was computed from: after an edit the graph's
 * nodes are usually the same files, and a request with the same chat files, mentions and
 * co-change shares gets the same vector without splitting every path again.
 */
export interface RankMemo {
  personalization?: { key: string; nodes: readonly string[]; vector: Float64Array | undefined };
}

function personalizationFor(graph: RepoGraph, input: RankMapInput): Float64Array | undefined {
  const options = {
    inputFileCount: input.inputFileCount,
    chatFiles: input.chatFiles,
    mentionedFiles: input.mentionedFiles,
    mentionedIdents: input.mentionedIdents,
    coChange: input.coChange,
  };
  if (!input.memo) return personalize(graph, options);
  const coChange = input.coChange ? [...input.coChange].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : null;
  const key = JSON.stringify([input.inputFileCount, [...input.chatFiles].sort(), [...input.mentionedFiles].sort(), [...input.mentionedIdents].sort(), coChange]);
  const last = input.memo.personalization;
  if (last && last.key === key && sameNodes(last.nodes, graph.nodes)) return last.vector;
  const vector = personalize(graph, options);
  input.memo.personalization = { key, nodes: graph.nodes, vector };
  return vector;
}

function sameNodes(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export async function rankMap(input: RankMapInput): Promise<RankedMap> {
  let mark = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const elapsed = now - mark;
    mark = now;
    return elapsed;
  };
  const { index } = input.groups;
  const graph = weighGraph(input.groups, { chatFiles: input.chatFiles, mentionedIdents: input.mentionedIdents });
  const personalization = personalizationFor(graph, input);
  const pagerank = personalizedPageRank(graph, { personalization });
  const rankMs = lap();

  let order: OrderResult;
  let fit: FitResult;
  // A map cannot hold more entries than it has tokens (bar names sharing a line), so rank that
  // many first and widen only if the budget takes them all.
  let limit = Math.max(64, input.budget);
  for (;;) {
    order = orderEntries(graph, pagerank.ranks, { chatFiles: input.chatFiles, otherFiles: input.otherFiles, limit });
    fit = await fitBudget({
      entries: order.entries,
      budget: input.budget,
      countMany: input.countMany,
      prepare: (requests) => input.snippets.prepare(requests, input.style),
      renderSnippet: (relPath, lines) => input.snippets.render(relPath, lines, input.style),
    });
    if (order.complete || fit.entryCount < order.entries.length) break;
    limit *= 4;
  }
  const files = describeFiles(fit.blocks, order.entries.slice(0, fit.entryCount), graph.nodes, pagerank.ranks, index);
  const fileGraph =
    input.graph &&
    buildFileGraph(graph, pagerank.ranks, {
      top: input.graph.top,
      languages: input.graph.languages,
      chatFiles: input.chatFiles,
      mentionedFiles: input.mentionedFiles,
      blocks: new Map(fit.blocks.map((block) => [block.relPath, block.text])),
    });
  return {
    text: fit.text,
    tokens: fit.tokens,
    files,
    graph: { nodes: graph.nodeCount, definitions: index.definitionCount, rankedEntries: order.entries.length, mapEntries: fit.entryCount },
    pagerank: { iterations: pagerank.iterations, converged: pagerank.converged, personalized: pagerank.personalized },
    timings: { rank: rankMs, fit: lap() },
    ...(fileGraph ? { fileGraph } : {}),
  };
}

function describeFiles(
  blocks: ReadonlyArray<{ relPath: string; tokens: number }>,
  entries: OrderResult['entries'],
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
