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

/**
 * The rank each (definer node, identifier) pair receives from its incoming edges. All definers
 * of one identifier receive the same, so it is kept once per identifier, not per pair: the
 * kernel has ~3M pairs, and their node, identifier and score columns (and a copy of the scores
 * to select from) took ~70 MB at the build's peak.
 */
export interface PairScores {
  /** What each definer of graph.linkedIdents[i] receives. */
  linked: Float64Array;
  /** What the self-edge of (graph.selfEdgeNodes[e], graph.selfEdgeIdents[e]) gives. */
  self: Float64Array;
}

export function distributeRank(graph: RepoGraph, ranks: Float64Array): PairScores {
  const scaled = new Float64Array(graph.nodeCount);
  for (let node = 0; node < graph.nodeCount; node++) {
    const total = graph.outWeight[node]!;
    scaled[node] = total > 0 ? ranks[node]! / total : 0;
  }
  const linked = new Float64Array(graph.linkedIdents.length);
  for (let i = 0; i < linked.length; i++) linked[i] = graph.identFlow(i, scaled);
  const self = Float64Array.from(graph.selfEdgeNodes, (node) => scaled[node]! * UNREFERENCED_SELF_WEIGHT);
  return { linked, self };
}

/** Calls `visit` with every (definer node, identifier) pair and its score: linked identifiers' definers, then self-edges. */
export function forEachPair(graph: RepoGraph, scores: PairScores, visit: (node: number, ident: number, score: number) => void): void {
  for (let i = 0; i < graph.linkedIdents.length; i++) {
    for (let d = graph.definerStart[i]!; d < graph.definerStart[i + 1]!; d++) visit(graph.definerNodes[d]!, graph.linkedIdents[i]!, scores.linked[i]!);
  }
  graph.selfEdgeNodes.forEach((node, e) => visit(node, graph.selfEdgeIdents[e]!, scores.self[e]!));
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
 * The value at position `k` of the ascending multiset where values[i] appears weights[i] times
 * (Hoare's quickselect with a three-way partition, O(n) expected, without expanding them): the
 * cut-off needs one order statistic, and sorting all of Go's ~100k pair scores for it took most
 * of the ranking's time after an edit. Reorders both arrays alike.
 */
export function selectNthWeighted(values: Float64Array, weights: Int32Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  const swap = (a: number, b: number): void => {
    const value = values[a]!;
    values[a] = values[b]!;
    values[b] = value;
    const weight = weights[a]!;
    weights[a] = weights[b]!;
    weights[b] = weight;
  };
  while (low < high) {
    // Three-way partition of [low, high]: below the pivot, equal to it, above it.
    const pivot = values[(low + high) >>> 1]!;
    let lt = low;
    let gt = high;
    let i = low;
    while (i <= gt) {
      if (values[i]! < pivot) swap(lt++, i++);
      else if (values[i]! > pivot) swap(i, gt--);
      else i++;
    }
    let below = 0;
    for (let j = low; j < lt; j++) below += weights[j]!;
    let equal = 0;
    for (let j = lt; j <= gt; j++) equal += weights[j]!;
    if (k < below) high = lt - 1;
    else if (k < below + equal) return pivot;
    else {
      k -= below + equal;
      low = gt + 1;
    }
  }
  return values[low]!;
}

interface Candidate {
  node: number;
  ident: number;
  score: number;
}

/** The best `limit` non-chat pairs, best first, and how many non-chat pairs there are. */
function topPairs(graph: RepoGraph, scores: PairScores, chatFiles: ReadonlySet<string>, limit: number): { order: Candidate[]; total: number } {
  const isChat = graph.nodes.map((relPath) => chatFiles.has(relPath));
  // Non-chat definers of each linked identifier, then of each self-edge (0 or 1).
  const weights = new Int32Array(scores.linked.length + scores.self.length);
  let total = 0;
  for (let i = 0; i < scores.linked.length; i++) {
    for (let d = graph.definerStart[i]!; d < graph.definerStart[i + 1]!; d++) if (!isChat[graph.definerNodes[d]!]) weights[i]!++;
    total += weights[i]!;
  }
  graph.selfEdgeNodes.forEach((node, e) => {
    if (!isChat[node]) weights[scores.linked.length + e] = 1;
    total += weights[scores.linked.length + e]!;
  });
  // The limit-th best score; ties at the threshold all stay candidates and the sort decides.
  let threshold = -Infinity;
  if (total > limit) {
    const values = new Float64Array(weights.length);
    values.set(scores.linked);
    values.set(scores.self, scores.linked.length);
    threshold = selectNthWeighted(values, weights, total - limit);
  }
  const candidates: Array<Candidate & { stable: number; name: string }> = [];
  const { index } = graph;
  forEachPair(graph, scores, (node, ident, score) => {
    if (!isChat[node] && score >= threshold) candidates.push({ node, ident, score, stable: stableScore(score), name: index.identName(ident) });
  });
  candidates.sort(
    (a, b) =>
      b.stable - a.stable ||
      compareCodePoints(graph.nodes[a.node]!, graph.nodes[b.node]!) ||
      compareCodePoints(a.name, b.name),
  );
  return { order: candidates.slice(0, limit), total };
}

export function orderEntries(graph: RepoGraph, ranks: Float64Array, options: OrderOptions): OrderResult {
  const { index } = graph;
  const { chatFiles } = options;
  const { order, total } = topPairs(graph, distributeRank(graph, ranks), chatFiles, options.limit ?? Number.MAX_SAFE_INTEGER);

  const entries: RankedEntry[] = [];
  const placed = new Set<string>();
  const withDefinitions = new Set<string>();
  for (const { node, ident, score } of order) {
    const relPath = graph.nodes[node]!;
    const lines = index.definitionLines(index.fileId(relPath)!, ident);
    entries.push({ type: 'definition', relPath, name: index.identName(ident), lines, score });
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
