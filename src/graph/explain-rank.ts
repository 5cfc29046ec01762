/**
 * Why a file ranks where it does: its PageRank and position, the identifiers through which rank
 * flows into it (with the files that send the most), and its personalization. Pure over a graph
 * and its ranks; `repomap inspect --rank` prints it.
 */
import { compareCodePoints } from '../paths.js';
import type { RepoGraph } from './build-graph.js';
import { UNREFERENCED_SELF_WEIGHT } from './weights.js';

export interface RankExplanation {
  path: string;
  rank: number;
  /** 1-based position among the graph's files by rank. */
  position: number;
  files: number;
  personalization: number;
  /** Rank flowing in per identifier this file defines, largest first. */
  incoming: Array<{ ident: string; share: number; definers: number; from: Array<{ path: string; share: number }> }>;
}

const TOP_IDENTS = 15;
const TOP_REFERENCERS = 5;

export function explainRank(graph: RepoGraph, ranks: Float64Array, personalization: Float64Array | undefined, relPath: string): RankExplanation | undefined {
  const file = graph.index.fileId(relPath);
  const node = file === undefined ? -1 : graph.nodeOfFile[file]!;
  if (node < 0) return undefined;
  const scaled = Float64Array.from(ranks, (rank, n) => (graph.outWeight[n]! > 0 ? rank / graph.outWeight[n]! : 0));
  const incoming: RankExplanation['incoming'] = [];
  for (let i = 0; i < graph.linkedIdents.length; i++) {
    let defines = false;
    for (let d = graph.definerStart[i]!; d < graph.definerStart[i + 1]!; d++) if (graph.definerNodes[d] === node) defines = true;
    if (!defines) continue;
    const from: Array<{ path: string; share: number }> = [];
    for (let r = graph.referencerStart[i]!; r < graph.referencerStart[i + 1]!; r++) {
      from.push({ path: graph.nodes[graph.referencerNodes[r]!]!, share: scaled[graph.referencerNodes[r]!]! * graph.referencerWeight(i, r) });
    }
    from.sort((a, b) => b.share - a.share || compareCodePoints(a.path, b.path));
    incoming.push({
      ident: graph.index.identName(graph.linkedIdents[i]!),
      share: from.reduce((sum, entry) => sum + entry.share, 0),
      definers: graph.definerStart[i + 1]! - graph.definerStart[i]!,
      from: from.slice(0, TOP_REFERENCERS),
    });
  }
  graph.selfEdgeNodes.forEach((selfNode, e) => {
    if (selfNode !== node) return;
    const share = scaled[node]! * UNREFERENCED_SELF_WEIGHT;
    incoming.push({ ident: graph.index.identName(graph.selfEdgeIdents[e]!), share, definers: 1, from: [{ path: relPath, share }] });
  });
  incoming.sort((a, b) => b.share - a.share || compareCodePoints(a.ident, b.ident));
  let position = 1;
  for (let n = 0; n < graph.nodeCount; n++) if (ranks[n]! > ranks[node]!) position++;
  return {
    path: relPath,
    rank: ranks[node]!,
    position,
    files: graph.nodeCount,
    personalization: personalization?.[node] ?? 0,
    incoming: incoming.slice(0, TOP_IDENTS),
  };
}
