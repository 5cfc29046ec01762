/**
 * The ranked file graph of a build as a graphology graph (SPEC B9), with the metrics the export
 * and the page show: weighted in/out degree and betweenness centrality from graphology-metrics.
 * Library users and `repomap graph` load this module; `repomap build` never does.
 */
import { DirectedGraph } from 'graphology';
import { RepomapError } from '../errors.js';
import type { FileGraph, FileGraphNode } from '../graph/file-graph.js';
import type { BuildMapResult } from '../session/types.js';
import { betweenness, weightedInDegree, weightedOutDegree } from './graphology-libs.js';

export interface FileNodeAttributes extends Omit<FileGraphNode, 'path' | 'block'> {
  label: string;
  /** Sum of the weights of the edges into and out of the file (graphology-metrics). */
  inWeight: number;
  outWeight: number;
  /**
   * Normalized betweenness centrality over the unweighted edges (graphology-metrics): how often
   * the file lies on shortest reference paths between other files. Null on graphs too large for
   * it (see BETWEENNESS_MAX_WORK).
   */
  betweenness: number | null;
}

export interface FileEdgeAttributes {
  weight: number;
  idents: Array<{ name: string; weight: number }>;
}

export type FileGraphology = DirectedGraph<FileNodeAttributes, FileEdgeAttributes>;

/**
 * Betweenness (Brandes) costs nodes × edges steps: 500 files with their ~20k edges take well
 * under a second, while a whole kernel would take hours. Above this many steps it is left out.
 */
export const BETWEENNESS_MAX_WORK = 200_000_000;

/** The graph of a build made with `withGraph: true`. */
export function toGraphology(source: BuildMapResult | FileGraph): FileGraphology {
  const fileGraph = 'nodes' in source ? source : source.graph;
  if (!fileGraph) throw new RepomapError('toGraphology: the result carries no graph; build it with withGraph: true');
  const graph: FileGraphology = new DirectedGraph();
  for (const { path, block: _block, ...node } of fileGraph.nodes) {
    graph.addNode(path, { label: path, ...node, inWeight: 0, outWeight: 0, betweenness: null });
  }
  for (const edge of fileGraph.edges) graph.addDirectedEdge(edge.source, edge.target, { weight: edge.weight, idents: edge.idents });
  addMetrics(graph);
  return graph;
}

function addMetrics(graph: FileGraphology): void {
  const central = graph.order * graph.size <= BETWEENNESS_MAX_WORK ? betweenness(graph, { getEdgeWeight: null, normalized: true }) : undefined;
  graph.updateEachNodeAttributes((node, attributes) => ({
    ...attributes,
    inWeight: weightedInDegree(graph, node, 'weight'),
    outWeight: weightedOutDegree(graph, node, 'weight'),
    betweenness: central ? central[node]! : null,
  }));
}
