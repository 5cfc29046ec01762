/**
 * The file graph a map was ranked on, as one plain serializable record (SPEC B9): the best-ranked
 * files with what the map knows of them, and the referencer → definer edges among them with the
 * identifiers carrying each edge. A pure function of the ranked RepoGraph; it never re-ranks, so
 * what it shows is exactly what the map used. Graph libraries, layouts and formats live elsewhere.
 */
import { compareCodePoints } from '../paths.js';
import type { RepoGraph } from './build-graph.js';

export interface FileGraphNode {
  path: string;
  /** The file's PageRank in the map's ranking (personalized when the request was). */
  rank: number;
  language: string;
  /** Top-level directory ('.' for files at the root): what the picture colours by. */
  directory: string;
  /** Definitions the file holds. */
  definitions: number;
  inMap: boolean;
  chat: boolean;
  mentioned: boolean;
  /** The file's block of the map text, when it is in the map. */
  block?: string;
}

export interface FileGraphEdge {
  /** The referencing file. */
  source: string;
  /** The defining file. */
  target: string;
  /** Sum of the weights of the edges of the ranking's multigraph from source to target. */
  weight: number;
  /** The identifiers carrying most of the weight, heaviest first. */
  idents: Array<{ name: string; weight: number }>;
}

export interface FileGraph {
  /** Graph nodes before the cut to the best-ranked ones. */
  totalNodes: number;
  nodes: FileGraphNode[];
  edges: FileGraphEdge[];
}

/** Files kept when no number is asked for: a picture people can read, and a page that opens fast. */
export const DEFAULT_GRAPH_TOP = 500;
/** Identifiers listed per edge: enough to say what an edge is about without bloating exports. */
export const EDGE_TOP_IDENTS = 5;

export interface FileGraphOptions {
  /** Keep this many best-ranked files (chat files are always kept); default DEFAULT_GRAPH_TOP. */
  top?: number;
  languages: ReadonlyMap<string, string>;
  chatFiles: ReadonlySet<string>;
  mentionedFiles: ReadonlySet<string>;
  /** The map's blocks by file (the files in the map). */
  blocks: ReadonlyMap<string, string>;
}

export function topDirectory(relPath: string): string {
  const slash = relPath.indexOf('/');
  return slash < 0 ? '.' : relPath.slice(0, slash);
}

/** Graph nodes to keep: chat files, then the best-ranked others, returned in path order. */
function keptNodes(graph: RepoGraph, ranks: Float64Array, top: number, chatFiles: ReadonlySet<string>): number[] {
  const byRank = graph.nodes.map((_, node) => node).sort((a, b) => ranks[b]! - ranks[a]! || compareCodePoints(graph.nodes[a]!, graph.nodes[b]!));
  const chat = byRank.filter((node) => chatFiles.has(graph.nodes[node]!));
  const others = byRank.filter((node) => !chatFiles.has(graph.nodes[node]!)).slice(0, Math.max(0, top - chat.length));
  return [...chat, ...others].sort((a, b) => a - b);
}

interface EdgeSum {
  source: number;
  target: number;
  weight: number;
  idents: Array<{ ident: number; weight: number }>;
}

/**
 * Edges among the kept nodes, summed over identifiers. A file referencing its own definitions
 * makes a self-loop in the ranking; it is left out here, as it moves no rank between files.
 */
function sumEdges(graph: RepoGraph, kept: ReadonlySet<number>): EdgeSum[] {
  const sums = new Map<number, EdgeSum>();
  const n = graph.nodeCount;
  const definers: number[] = [];
  for (let i = 0; i < graph.linkedIdents.length; i++) {
    definers.length = 0;
    for (let d = graph.definerStart[i]!; d < graph.definerStart[i + 1]!; d++) if (kept.has(graph.definerNodes[d]!)) definers.push(graph.definerNodes[d]!);
    if (definers.length === 0) continue;
    const ident = graph.linkedIdents[i]!;
    for (let r = graph.referencerStart[i]!; r < graph.referencerStart[i + 1]!; r++) {
      const source = graph.referencerNodes[r]!;
      if (!kept.has(source)) continue;
      const weight = graph.referencerWeight(i, r);
      for (const target of definers) {
        if (target === source) continue;
        const key = source * n + target;
        let sum = sums.get(key);
        if (!sum) sums.set(key, (sum = { source, target, weight: 0, idents: [] }));
        sum.weight += weight;
        sum.idents.push({ ident, weight });
      }
    }
  }
  return [...sums.values()].sort((a, b) => a.source - b.source || a.target - b.target);
}

export function buildFileGraph(graph: RepoGraph, ranks: Float64Array, options: FileGraphOptions): FileGraph {
  const { index } = graph;
  const kept = keptNodes(graph, ranks, options.top ?? DEFAULT_GRAPH_TOP, options.chatFiles);
  const nodes = kept.map((node): FileGraphNode => {
    const relPath = graph.nodes[node]!;
    const file = index.fileId(relPath);
    const [start, end] = file === undefined ? [0, 0] : index.definitionRange(file);
    const block = options.blocks.get(relPath);
    return {
      path: relPath,
      rank: ranks[node]!,
      language: options.languages.get(relPath) ?? '',
      directory: topDirectory(relPath),
      definitions: end - start,
      inMap: block !== undefined,
      chat: options.chatFiles.has(relPath),
      mentioned: options.mentionedFiles.has(relPath),
      ...(block === undefined ? {} : { block }),
    };
  });
  const edges = sumEdges(graph, new Set(kept)).map(
    (sum): FileGraphEdge => ({
      source: graph.nodes[sum.source]!,
      target: graph.nodes[sum.target]!,
      weight: sum.weight,
      idents: sum.idents
        .map(({ ident, weight }) => ({ name: index.identName(ident), weight }))
        .sort((a, b) => b.weight - a.weight || compareCodePoints(a.name, b.name))
        .slice(0, EDGE_TOP_IDENTS),
    }),
  );
  return { totalNodes: graph.nodeCount, nodes, edges };
}
