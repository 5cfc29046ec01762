/**
 * From file ranks to the ranked list of SPEC A5: each edge passes its share of its source's rank
 * to (definer, identifier); pairs are ordered by score with a total tie-break (path, then name),
 * then come bare files (graph nodes by rank, then the rest by path). Chat files never take a
 * slot. Nothing is promoted ahead of code: README, manifests and CI files listed first cost
 * commit recall at small budgets (EVAL.md), so they rank where the graph puts them, as in aider.
 *
 * A map can only hold a prefix of the list, so only the best `limit` pairs are sorted: the
 * Linux kernel has ~3M (file, name) pairs, and sorting them all as objects took 17 s and 400 MB.
 */
import { compareCodePoints } from '../paths.js';
import type { RankedEntry } from '../types.js';
import type { RepoGraph } from './build-graph.js';
import { UNREFERENCED_SELF_WEIGHT } from './weights.js';

/** Every (definer node, identifier) pair with the rank its incoming edges carry, as columns. */
export interface ScoredPairs {
  nodes: Int32Array;
  idents: Int32Array;
  scores: Float64Array;
}

export function distributeRank(graph: RepoGraph, ranks: Float64Array): ScoredPairs {
  const scaled = new Float64Array(graph.nodeCount);
  for (let node = 0; node < graph.nodeCount; node++) {
    const total = graph.outWeight[node]!;
    scaled[node] = total > 0 ? ranks[node]! / total : 0;
  }
  const count = graph.definerNodes.length + graph.selfEdgeNodes.length;
  const pairs: ScoredPairs = { nodes: new Int32Array(count), idents: new Int32Array(count), scores: new Float64Array(count) };
  let p = 0;
  for (let i = 0; i < graph.linkedIdents.length; i++) {
    const score = graph.identFlow(i, scaled);
    for (let d = graph.definerStart[i]!; d < graph.definerStart[i + 1]!; d++, p++) {
      pairs.nodes[p] = graph.definerNodes[d]!;
      pairs.idents[p] = graph.linkedIdents[i]!;
      pairs.scores[p] = score;
    }
  }
  graph.selfEdgeNodes.forEach((node, e) => {
    pairs.nodes[p] = node;
    pairs.idents[p] = graph.selfEdgeIdents[e]!;
    pairs.scores[p++] = scaled[node]! * UNREFERENCED_SELF_WEIGHT;
  });
  return pairs;
}

/**
 * Scores equal up to floating-point noise compare equal, so the tie-break (not the last bit
 * of a sum, which depends on summation order) decides their order.
 */
function stableScore(score: number): number {
  return score === 0 ? 0 : Number(score.toPrecision(12));
}

export interface OrderOptions {
  chatFiles: ReadonlySet<string>;
  /** Every non-chat input file, graph node or not. */
  otherFiles: readonly string[];
  /** At most this many definition entries (default: all). */
  limit?: number;
}

export interface OrderResult {
  entries: RankedEntry[];
  /** False when definition entries were cut at the limit (bare files then are not listed). */
  complete: boolean;
}

/**
 * The value that would sit at position `k` if `values` were sorted ascending (Hoare's
 * quickselect, in place, O(n) expected): the cut-off needs one order statistic, and sorting all
 * of Go's ~100k pair scores for it took most of the ranking's time after an edit.
 */
export function selectNth(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** Indices of the best `limit` non-chat pairs, best first. */
function topPairs(graph: RepoGraph, pairs: ScoredPairs, chatFiles: ReadonlySet<string>, limit: number): { order: number[]; total: number } {
  const isChat = graph.nodes.map((relPath) => chatFiles.has(relPath));
  let total = 0;
  for (let p = 0; p < pairs.scores.length; p++) if (!isChat[pairs.nodes[p]!]) total++;
  // The limit-th best score; ties at the threshold all stay candidates and the sort decides.
  let threshold = -Infinity;
  if (total > limit) {
    const scores = new Float64Array(total);
    let k = 0;
    for (let p = 0; p < pairs.scores.length; p++) if (!isChat[pairs.nodes[p]!]) scores[k++] = pairs.scores[p]!;
    threshold = selectNth(scores, total - limit);
  }
  const candidates: number[] = [];
  for (let p = 0; p < pairs.scores.length; p++) {
    if (!isChat[pairs.nodes[p]!] && pairs.scores[p]! >= threshold) candidates.push(p);
  }
  const { index } = graph;
  const keyed = candidates.map((p) => ({ p, score: stableScore(pairs.scores[p]!), name: index.identName(pairs.idents[p]!) }));
  keyed.sort(
    (a, b) =>
      b.score - a.score ||
      compareCodePoints(graph.nodes[pairs.nodes[a.p]!]!, graph.nodes[pairs.nodes[b.p]!]!) ||
      compareCodePoints(a.name, b.name),
  );
  return { order: keyed.slice(0, limit).map(({ p }) => p), total };
}

export function orderEntries(graph: RepoGraph, ranks: Float64Array, options: OrderOptions): OrderResult {
  const { index } = graph;
  const { chatFiles } = options;
  const pairs = distributeRank(graph, ranks);
  const { order, total } = topPairs(graph, pairs, chatFiles, options.limit ?? Number.MAX_SAFE_INTEGER);

  const entries: RankedEntry[] = [];
  const placed = new Set<string>();
  const withDefinitions = new Set<string>();
  for (const p of order) {
    const relPath = graph.nodes[pairs.nodes[p]!]!;
    const ident = pairs.idents[p]!;
    const lines = index.definitionLines(index.fileId(relPath)!, ident);
    entries.push({ type: 'definition', relPath, name: index.identName(ident), lines, score: pairs.scores[p]! });
    withDefinitions.add(relPath);
  }
  if (order.length < total) return { entries, complete: false };

  const byRank = graph.nodes
    .map((relPath, node) => ({ relPath, rank: ranks[node]! }))
    .sort((a, b) => b.rank - a.rank || compareCodePoints(a.relPath, b.relPath));
  for (const { relPath } of byRank) {
    if (chatFiles.has(relPath) || withDefinitions.has(relPath) || placed.has(relPath)) continue;
    entries.push({ type: 'file', relPath });
    placed.add(relPath);
  }
  // What is left are the files outside the graph (no tags, or no edges).
  const rest = options.otherFiles.filter((relPath) => !placed.has(relPath) && !withDefinitions.has(relPath));
  for (const relPath of rest.sort(compareCodePoints)) entries.push({ type: 'file', relPath });
  return { entries, complete: true };
}
