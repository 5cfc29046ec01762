/**
 * Builds the file graph of SPEC A3 in identifier-factored form. An identifier defined in D files
 * and referenced from R files stands for R×D edges referencer → definer, and all of one
 * referencer's edges for that identifier carry the same weight. So the graph keeps, per
 * identifier, its definers and its (referencer, weight) pairs, and PageRank routes mass through
 * the identifier: O(tags) per iteration instead of O(R×D) (common C names are defined in
 * hundreds of files and referenced in thousands). Out-weights, ranks and per-identifier shares
 * are exactly those of the expanded multigraph; test/graph checks it against a CsrGraph.
 * Typed arrays rather than a graph library: building graphology's graph for 55k C files was
 * measured at 8.5 s against 2.3 s for CSR arrays, and the factored form needs no edge list at all.
 */
import { compareCodePoints } from '../paths.js';
import type { LinkOperator } from './pagerank.js';
import type { TagIndex } from './tag-index.js';
import { CHAT_REFERENCER_BOOST, identMultiplier, latin1NameTraits, multiplierOf, nameTraits, UNREFERENCED_SELF_WEIGHT } from './weights.js';

export interface GraphOptions {
  chatFiles: ReadonlySet<string>;
  mentionedIdents: ReadonlySet<string>;
}

export interface RepoGraphFields {
  index: TagIndex;
  /** relPaths of the graph's nodes (files with at least one edge), in path order. */
  nodes: string[];
  /** node of each file id of the index, -1 when the file has no edge. */
  nodeOfFile: Int32Array;
  outWeight: Float64Array;
  /** ident ids (of the index) that are both defined and referenced. */
  linkedIdents: Int32Array;
  /** definers of linkedIdents[i]: definerNodes[definerStart[i] .. definerStart[i+1]) */
  definerStart: Int32Array;
  definerNodes: Int32Array;
  /** referencers of linkedIdents[i], and how many times each names it. */
  referencerStart: Int32Array;
  referencerNodes: Int32Array;
  referencerCounts: Int32Array;
  /** This request's multiplier of linkedIdents[i] (SPEC A3). */
  identMultipliers: Float64Array;
  /** 1 for the nodes of chat files (their references weigh ×50). */
  chatNodes: Uint8Array;
  /** Self-edges (node → node, weight 0.1) of identifiers defined but never referenced. */
  selfEdgeNodes: Int32Array;
  selfEdgeIdents: Int32Array;
}

export class RepoGraph implements LinkOperator {
  readonly index!: TagIndex;
  readonly nodes!: string[];
  readonly nodeOfFile!: Int32Array;
  readonly outWeight!: Float64Array;
  readonly linkedIdents!: Int32Array;
  readonly definerStart!: Int32Array;
  readonly definerNodes!: Int32Array;
  readonly referencerStart!: Int32Array;
  readonly referencerNodes!: Int32Array;
  readonly referencerCounts!: Int32Array;
  readonly identMultipliers!: Float64Array;
  readonly chatNodes!: Uint8Array;
  readonly selfEdgeNodes!: Int32Array;
  readonly selfEdgeIdents!: Int32Array;

  constructor(fields: RepoGraphFields) {
    Object.assign(this, fields);
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  /** Number of edges of the expanded multigraph (one per referencer, definer and identifier). */
  get edgeCount(): number {
    let count = this.selfEdgeNodes.length;
    for (let i = 0; i < this.linkedIdents.length; i++) {
      const definers = this.definerStart[i + 1]! - this.definerStart[i]!;
      count += definers * (this.referencerStart[i + 1]! - this.referencerStart[i]!);
    }
    return count;
  }

  /**
   * The weight of referencer r's edges to each definer of linkedIdents[i], computed when asked
   * rather than stored (a Float64 per referencer was 27 MB on the kernel): the same operations
   * in the same order each time, so the same value.
   */
  referencerWeight(i: number, r: number): number {
    return edgeWeight(this.identMultipliers[i]!, this.chatNodes[this.referencerNodes[r]!] === 1, this.referencerCounts[r]!);
  }

  /** What each definer of linkedIdents[i] receives, given scaled = x / outWeight. */
  identFlow(i: number, scaled: Float64Array): number {
    const mul = this.identMultipliers[i]!;
    let flow = 0;
    for (let r = this.referencerStart[i]!; r < this.referencerStart[i + 1]!; r++) {
      const node = this.referencerNodes[r]!;
      flow += scaled[node]! * edgeWeight(mul, this.chatNodes[node] === 1, this.referencerCounts[r]!);
    }
    return flow;
  }

  propagate(scaled: Float64Array, into: Float64Array): void {
    for (let i = 0; i < this.linkedIdents.length; i++) {
      const flow = this.identFlow(i, scaled);
      if (flow === 0) continue;
      for (let d = this.definerStart[i]!; d < this.definerStart[i + 1]!; d++) into[this.definerNodes[d]!]! += flow;
    }
    for (const node of this.selfEdgeNodes) into[node]! += scaled[node]! * UNREFERENCED_SELF_WEIGHT;
  }
}

/** One referencer's edge weight: the identifier's multiplier, ×50 from a chat file, × √(references) (SPEC A3). */
function edgeWeight(multiplier: number, fromChat: boolean, count: number): number {
  return multiplier * (fromChat ? CHAT_REFERENCER_BOOST : 1) * Math.sqrt(count);
}

/**
 * Calls `visit` with each unique (ident, file) definition pair, file by file. Defs are stored
 * file by file, so a repeat is adjacent per ident; `lastFile` (identCount slots) is scratch.
 * Walked again where needed rather than kept as columns: ~4M pairs on the kernel, 32 MB.
 */
function forEachDefinitionPair(index: TagIndex, lastFile: Int32Array, visit: (ident: number, file: number) => void): void {
  lastFile.fill(-1);
  const defIdent = index.defIdent.view();
  for (let file = 0; file < index.fileCount; file++) {
    const [start, end] = index.definitionRange(file);
    for (let d = start; d < end; d++) {
      const ident = defIdent[d]!;
      if (lastFile[ident] === file) continue;
      lastFile[ident] = file;
      visit(ident, file);
    }
  }
}

/** The definer files of each ident, grouped by ident in file order (a counting sort): files[start[i] .. start[i+1]). */
function groupDefiners(index: TagIndex, lastFile: Int32Array): { start: Int32Array; files: Int32Array } {
  const identCount = index.identCount;
  const start = new Int32Array(identCount + 1);
  forEachDefinitionPair(index, lastFile, (ident) => start[ident + 1]!++);
  for (let i = 0; i < identCount; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, identCount);
  const files = new Int32Array(start[identCount]!);
  forEachDefinitionPair(index, lastFile, (ident, file) => (files[fill[ident]!++] = file));
  return { start, files };
}

/**
 * The request-free part of the graph (SPEC B6): per identifier that is both defined and
 * referenced, its definer nodes and its referencers with √(reference count), plus the weight
 * rules' multiplier when nobody mentions it. A new request re-weighs these without re-grouping.
 */
export interface IdentGroups {
  index: TagIndex;
  nodes: string[];
  nodeOfFile: Int32Array;
  linkedIdents: Int32Array;
  definerStart: Int32Array;
  definerNodes: Int32Array;
  referencerStart: Int32Array;
  referencerNodes: Int32Array;
  /** How many times each referencer names the identifier (its edge weighs √ of it). */
  referencerCounts: Int32Array;
  /** identMultiplier of each linked ident for a request that does not mention it. */
  baseMultipliers: Float64Array;
  selfEdgeNodes: Int32Array;
  selfEdgeIdents: Int32Array;
}

/**
 * The name traits (nameTraits) of identifiers by ident id, remembered across the graphs of one
 * live index (ids are stable while the index is patched; a compacted index starts a new memo).
 * Decoding every name for the rules was most of a re-group's time. One byte an identifier:
 * the multipliers themselves, two Float64 slots an identifier (common or not), took 37 MB on the
 * kernel (2.3M names).
 */
export class IdentWeightMemo {
  /** nameTraits + 1 by ident id; 0: not known yet. */
  private traits = new Uint8Array(0);

  /** Makes room for ids below `identCount` at once (grown one id at a time, it was copied ~40 times on the kernel). */
  reserve(identCount: number): void {
    if (identCount > this.traits.length) this.grow(identCount + (identCount >> 3));
  }

  private grow(length: number): void {
    const grown = new Uint8Array(length);
    grown.set(this.traits);
    this.traits = grown;
  }

  /** nameTraits of `ident` of `index`, its name read once. */
  traitsOf(index: TagIndex, ident: number): number {
    if (ident >= this.traits.length) this.grow(Math.max(ident + 1, Math.ceil(this.traits.length * 1.5)));
    let known = this.traits[ident]!;
    if (known === 0) {
      known = identTraits(index, ident) + 1;
      this.traits[ident] = known;
    }
    return known - 1;
  }
}

/** nameTraits of an identifier of the index, read from its name pool in place where it can be. */
function identTraits(index: TagIndex, ident: number): number {
  return index.readIdentName(ident, latin1NameTraits, nameTraits);
}

export function buildGraph(index: TagIndex, options: GraphOptions, memo?: IdentWeightMemo): RepoGraph {
  return weighGraph(groupIdents(index, memo), options);
}

export function groupIdents(index: TagIndex, memo?: IdentWeightMemo): IdentGroups {
  const identCount = index.identCount;
  const lastFile = new Int32Array(identCount);
  const definers = groupDefiners(index, lastFile);
  // With no reference anywhere, each definer counts as referencing its own names once.
  const noReferences = index.referenceCount === 0;
  // References per identifier; reused below as each linked identifier's next output slot.
  const refsOf = new Int32Array(identCount);
  if (noReferences) forEachDefinitionPair(index, lastFile, (ident) => refsOf[ident]!++);
  else for (const ident of index.refIdent.view()) refsOf[ident]!++;

  const isNodeFile = new Uint8Array(index.fileCount);
  // Typed arrays counted first, not number[]s grown by push: on the kernel those were ~2M and
  // ~1M eight-byte slots each, plus the copies left behind by growing.
  let linkedCount = 0;
  for (let ident = 0; ident < identCount; ident++) {
    const definedIn = definers.start[ident + 1]! - definers.start[ident]!;
    if (definedIn === 0) continue;
    for (let d = definers.start[ident]!; d < definers.start[ident + 1]!; d++) isNodeFile[definers.files[d]!] = 1;
    if (refsOf[ident] !== 0) linkedCount++;
  }
  const linked = new Int32Array(linkedCount);
  for (let ident = 0, i = 0; ident < identCount; ident++) {
    if (refsOf[ident] !== 0 && definers.start[ident + 1]! > definers.start[ident]!) linked[i++] = ident;
  }
  // Self-edges in definition order: (file, ident) of each pair whose ident nobody references.
  let selfCount = 0;
  forEachDefinitionPair(index, lastFile, (ident) => {
    if (refsOf[ident] === 0) selfCount++;
  });
  const selfFiles = new Int32Array(selfCount);
  const selfEdgeIdents = new Int32Array(selfCount);
  let self = 0;
  forEachDefinitionPair(index, lastFile, (ident, file) => {
    if (refsOf[ident] !== 0) return;
    selfFiles[self] = file;
    selfEdgeIdents[self++] = ident;
  });

  const definerStart = new Int32Array(linked.length + 1);
  const referencerStart = new Int32Array(linked.length + 1);
  for (let i = 0; i < linked.length; i++) {
    const ident = linked[i]!;
    definerStart[i + 1] = definerStart[i]! + definers.start[ident + 1]! - definers.start[ident]!;
    referencerStart[i + 1] = referencerStart[i]! + refsOf[ident]!;
  }
  // A counting sort of the references straight into the output arrays, linked identifiers only,
  // keeping their order within each identifier (no intermediate grouped copy: ~27 MB on the kernel).
  const cursor = refsOf.fill(-1);
  for (let i = 0; i < linked.length; i++) cursor[linked[i]!] = referencerStart[i]!;
  const referencerTotal = referencerStart[linked.length]!;
  // File ids first, turned into node numbers in place once the nodes are known.
  const referencerNodes = new Int32Array(referencerTotal);
  const referencerCounts = new Int32Array(referencerTotal);
  const place = (ident: number, file: number, count: number): void => {
    const slot = cursor[ident]!;
    if (slot < 0) return;
    cursor[ident]!++;
    referencerNodes[slot] = file;
    referencerCounts[slot] = count;
    isNodeFile[file] = 1;
  };
  if (noReferences) {
    forEachDefinitionPair(index, lastFile, (ident, file) => place(ident, file, 1));
  } else {
    const refIdents = index.refIdent.view();
    const refCounts = index.refCount.view();
    for (let file = 0; file < index.fileCount; file++) {
      const [start, end] = index.referenceRange(file);
      for (let r = start; r < end; r++) place(refIdents[r]!, file, refCounts[r]!);
    }
  }

  const nodeFiles: number[] = [];
  for (let file = 0; file < index.fileCount; file++) if (isNodeFile[file]) nodeFiles.push(file);
  nodeFiles.sort((a, b) => compareCodePoints(index.files[a]!, index.files[b]!));
  const nodeOfFile = new Int32Array(index.fileCount).fill(-1);
  nodeFiles.forEach((file, node) => (nodeOfFile[file] = node));

  const definerNodes = new Int32Array(definerStart[linked.length]!);
  for (let r = 0; r < referencerTotal; r++) referencerNodes[r] = nodeOfFile[referencerNodes[r]!]!;
  const baseMultipliers = new Float64Array(linked.length);
  memo?.reserve(identCount);
  let d = 0;
  linked.forEach((ident, i) => {
    const definedIn = definers.start[ident + 1]! - definers.start[ident]!;
    baseMultipliers[i] = multiplierOf(memo ? memo.traitsOf(index, ident) : identTraits(index, ident), false, definedIn);
    for (let k = definers.start[ident]!; k < definers.start[ident + 1]!; k++) definerNodes[d++] = nodeOfFile[definers.files[k]!]!;
  });

  return {
    index,
    nodes: nodeFiles.map((file) => index.files[file]!),
    nodeOfFile,
    linkedIdents: linked,
    definerStart,
    definerNodes,
    referencerStart,
    referencerNodes,
    referencerCounts,
    baseMultipliers,
    selfEdgeNodes: selfFiles.map((file) => nodeOfFile[file]!),
    selfEdgeIdents,
  };
}

/** The weighted graph of one request: chat referencers ×50, mentioned identifiers ×10 (SPEC A3). */
export function weighGraph(groups: IdentGroups, { chatFiles, mentionedIdents }: GraphOptions): RepoGraph {
  const { index, linkedIdents, definerStart, referencerStart, referencerNodes, referencerCounts, nodeOfFile } = groups;
  // Every referencer is a node, so a chat file that is not one references nothing.
  const chatNodes = new Uint8Array(groups.nodes.length);
  for (const relPath of chatFiles) {
    const id = index.fileId(relPath);
    if (id !== undefined && nodeOfFile[id]! >= 0) chatNodes[nodeOfFile[id]!] = 1;
  }
  const mentionedIds = new Set([...mentionedIdents].map((name) => index.identId(name)).filter((id) => id !== undefined));
  // Without mentions every multiplier is the request-free one: shared, not copied.
  let identMultipliers = groups.baseMultipliers;
  if (mentionedIds.size > 0) {
    identMultipliers = Float64Array.from(groups.baseMultipliers);
    for (let i = 0; i < linkedIdents.length; i++) {
      const ident = linkedIdents[i]!;
      if (mentionedIds.has(ident)) identMultipliers[i] = identMultiplier(index.identName(ident), definerStart[i + 1]! - definerStart[i]!, mentionedIdents);
    }
  }
  const outWeight = new Float64Array(groups.nodes.length);
  for (let i = 0; i < linkedIdents.length; i++) {
    const definedIn = definerStart[i + 1]! - definerStart[i]!;
    const mul = identMultipliers[i]!;
    for (let r = referencerStart[i]!; r < referencerStart[i + 1]!; r++) {
      const node = referencerNodes[r]!;
      outWeight[node]! += edgeWeight(mul, chatNodes[node] === 1, referencerCounts[r]!) * definedIn;
    }
  }
  for (const node of groups.selfEdgeNodes) outWeight[node]! += UNREFERENCED_SELF_WEIGHT;

  return new RepoGraph({
    index,
    nodes: groups.nodes,
    nodeOfFile: groups.nodeOfFile,
    outWeight,
    linkedIdents,
    definerStart,
    definerNodes: groups.definerNodes,
    referencerStart,
    referencerNodes,
    referencerCounts,
    identMultipliers,
    chatNodes,
    selfEdgeNodes: groups.selfEdgeNodes,
    selfEdgeIdents: groups.selfEdgeIdents,
  });
}
