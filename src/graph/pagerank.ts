/**
 * Personalized PageRank by power iteration, computing exactly what networkx 3's
 * `pagerank(G, weight="weight", personalization=p, dangling=p)` computes: x0 uniform, rows
 * normalised by out-weight, teleport and dangling mass both by the personalization vector,
 * stop when the L1 change < N·tol. Unlike aider it never throws: no personalization mass means
 * uniform teleport, and no convergence in the iteration cap returns the last iterate.
 *
 * The graph is any LinkOperator, so the repo graph can propagate rank through identifiers
 * without ever materialising its referencer × definer edges (see build-graph.ts).
 */
import { PAGERANK_ALPHA, PAGERANK_MAX_ITERATIONS, PAGERANK_TOLERANCE } from './weights.js';

/** A weighted directed graph seen only through what power iteration needs. */
export interface LinkOperator {
  readonly nodeCount: number;
  /** Sum of each node's out-edge weights (0 for dangling nodes). */
  readonly outWeight: Float64Array;
  /** Adds Σ_src scaled[src] × w(src → dst) into `into[dst]`, for every edge. */
  propagate(scaled: Float64Array, into: Float64Array): void;
}

export interface PageRankOptions {
  /** Raw, non-negative personalization per node; normalised here. Omit for uniform. */
  personalization?: Float64Array;
  alpha?: number;
  maxIterations?: number;
  tolerance?: number;
  /** Start vector (e.g. the previous ranks); normalised here. Defaults to uniform like networkx. */
  start?: Float64Array;
}

export interface PageRankResult {
  ranks: Float64Array;
  iterations: number;
  converged: boolean;
  /** False when a personalization was given but had no mass, so uniform teleport was used. */
  personalized: boolean;
}

export function personalizedPageRank(graph: LinkOperator, options: PageRankOptions = {}): PageRankResult {
  const n = graph.nodeCount;
  const alpha = options.alpha ?? PAGERANK_ALPHA;
  const maxIterations = options.maxIterations ?? PAGERANK_MAX_ITERATIONS;
  const tolerance = options.tolerance ?? PAGERANK_TOLERANCE;
  if (n === 0) return { ranks: new Float64Array(0), iterations: 0, converged: true, personalized: false };

  const personalizedTeleport = normalized(options.personalization);
  const personalized = personalizedTeleport !== undefined;
  const teleport = personalizedTeleport ?? new Float64Array(n).fill(1 / n);
  let x = normalized(options.start) ?? new Float64Array(n).fill(1 / n);
  const scaled = new Float64Array(n);
  const { outWeight } = graph;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    let danglingMass = 0;
    for (let i = 0; i < n; i++) {
      const total = outWeight[i]!;
      if (total > 0) scaled[i] = x[i]! / total;
      else {
        scaled[i] = 0;
        danglingMass += x[i]!;
      }
    }
    const next = new Float64Array(n);
    graph.propagate(scaled, next);
    let change = 0;
    for (let i = 0; i < n; i++) {
      const value = alpha * (next[i]! + danglingMass * teleport[i]!) + (1 - alpha) * teleport[i]!;
      next[i] = value;
      change += Math.abs(value - x[i]!);
    }
    x = next;
    if (change < n * tolerance) return { ranks: x, iterations: iteration, converged: true, personalized };
  }
  return { ranks: x, iterations: maxIterations, converged: false, personalized };
}

function normalized(vector: Float64Array | undefined): Float64Array | undefined {
  if (!vector) return undefined;
  let sum = 0;
  for (const value of vector) sum += value;
  if (!(sum > 0)) return undefined;
  return vector.map((value) => value / sum);
}

/**
 * A plain weighted digraph in compressed sparse row form; parallel edges are summed, as
 * networkx sums a MultiDiGraph's parallel weights. Used for explanation and for checking the
 * identifier-factored repo graph against the textbook form.
 */
export class CsrGraph implements LinkOperator {
  readonly nodeCount: number;
  readonly outWeight: Float64Array;
  readonly rowStart: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float64Array;

  constructor(nodeCount: number, sources: ArrayLike<number>, targets: ArrayLike<number>, weights: ArrayLike<number>) {
    this.nodeCount = nodeCount;
    const edgeCount = sources.length;
    this.rowStart = new Int32Array(nodeCount + 1);
    for (let e = 0; e < edgeCount; e++) this.rowStart[sources[e]! + 1]!++;
    for (let i = 0; i < nodeCount; i++) this.rowStart[i + 1]! += this.rowStart[i]!;
    const fill = this.rowStart.slice(0, nodeCount);
    this.targets = new Int32Array(edgeCount);
    this.weights = new Float64Array(edgeCount);
    this.outWeight = new Float64Array(nodeCount);
    for (let e = 0; e < edgeCount; e++) {
      const slot = fill[sources[e]!]!++;
      this.targets[slot] = targets[e]!;
      this.weights[slot] = weights[e]!;
      this.outWeight[sources[e]!]! += weights[e]!;
    }
  }

  propagate(scaled: Float64Array, into: Float64Array): void {
    for (let src = 0; src < this.nodeCount; src++) {
      const factor = scaled[src]!;
      if (factor === 0) continue;
      for (let e = this.rowStart[src]!; e < this.rowStart[src + 1]!; e++) {
        into[this.targets[e]!]! += factor * this.weights[e]!;
      }
    }
  }
}
