/**
 * From file ranks to the ranked list of SPEC A5: each edge passes its share of its source's rank
 * to (definer, identifier); pairs are ordered by score with a total tie-break (path, then name),
 * then come bare files (graph nodes by rank, then the rest by path), with important root files
 * first. Chat files never take a slot.
 */
import { compareCodePoints } from '../paths.js';
import type { RankedEntry } from '../types.js';
import type { RepoGraph } from './build-graph.js';
import { isImportantFile } from './important-files.js';
import { UNREFERENCED_SELF_WEIGHT } from './weights.js';

export interface ScoredDefinition {
  node: number;
  ident: number;
  score: number;
}

/** Every (definer node, identifier) pair with the rank its incoming edges carry (unsorted). */
export function distributeRank(graph: RepoGraph, ranks: Float64Array): ScoredDefinition[] {
  const scaled = new Float64Array(graph.nodeCount);
  for (let node = 0; node < graph.nodeCount; node++) {
    const total = graph.outWeight[node]!;
    scaled[node] = total > 0 ? ranks[node]! / total : 0;
  }
  const scored: ScoredDefinition[] = [];
  for (let i = 0; i < graph.linkedIdents.length; i++) {
    const score = graph.identFlow(i, scaled);
    const ident = graph.linkedIdents[i]!;
    for (let d = graph.definerStart[i]!; d < graph.definerStart[i + 1]!; d++) {
      scored.push({ node: graph.definerNodes[d]!, ident, score });
    }
  }
  graph.selfEdgeNodes.forEach((node, e) => {
    scored.push({ node, ident: graph.selfEdgeIdents[e]!, score: scaled[node]! * UNREFERENCED_SELF_WEIGHT });
  });
  return scored;
}

export interface OrderOptions {
  chatFiles: ReadonlySet<string>;
  /** Every non-chat input file, graph node or not. */
  otherFiles: readonly string[];
}

export function orderEntries(graph: RepoGraph, ranks: Float64Array, options: OrderOptions): RankedEntry[] {
  const { index } = graph;
  const { chatFiles } = options;
  const scored = distributeRank(graph, ranks).filter((pair) => !chatFiles.has(graph.nodes[pair.node]!));
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      compareCodePoints(graph.nodes[a.node]!, graph.nodes[b.node]!) ||
      compareCodePoints(index.idents[a.ident]!, index.idents[b.ident]!),
  );

  const important = options.otherFiles.filter(isImportantFile).sort(compareCodePoints);
  const entries: RankedEntry[] = important.map((relPath) => ({ type: 'file', relPath }));
  const placed = new Set<string>(important);
  const withDefinitions = new Set<string>();
  for (const { node, ident, score } of scored) {
    const relPath = graph.nodes[node]!;
    const lines = index.definitionLines(index.fileId(relPath)!, ident);
    entries.push({ type: 'definition', relPath, name: index.idents[ident]!, lines, score });
    withDefinitions.add(relPath);
  }

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
  return entries;
}
