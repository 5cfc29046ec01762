import { describe, expect, test } from 'vitest';
import { buildGraph, groupIdents, IdentWeightMemo, weighGraph, type RepoGraph } from '../../src/graph/build-graph.js';
import { CsrGraph, personalizedPageRank } from '../../src/graph/pagerank.js';
import { distributeRank, forEachPair } from '../../src/graph/rank-definitions.js';
import { TagIndex } from '../../src/graph/tag-index.js';
import { identMultiplier, isSpecificIdentShape, latin1NameTraits, nameTraits } from '../../src/graph/weights.js';
import type { FileTags } from '../../src/types.js';
import { fileTags } from '../helpers.js';

function indexOf(files: FileTags[]): TagIndex {
  const index = new TagIndex();
  for (const file of files) index.add(file);
  return index;
}

/** The textbook multigraph of SPEC A3: one edge per referencer, definer and identifier. */
function expandEdges(graph: RepoGraph): Array<{ src: number; dst: number; ident: string; weight: number }> {
  const edges: Array<{ src: number; dst: number; ident: string; weight: number }> = [];
  for (let i = 0; i < graph.linkedIdents.length; i++) {
    const ident = graph.index.identName(graph.linkedIdents[i]!);
    for (let r = graph.referencerStart[i]!; r < graph.referencerStart[i + 1]!; r++) {
      for (let d = graph.definerStart[i]!; d < graph.definerStart[i + 1]!; d++) {
        edges.push({ src: graph.referencerNodes[r]!, dst: graph.definerNodes[d]!, ident, weight: graph.referencerWeight(i, r) });
      }
    }
  }
  graph.selfEdgeNodes.forEach((node, e) => {
    edges.push({ src: node, dst: node, ident: graph.index.identName(graph.selfEdgeIdents[e]!), weight: 0.1 });
  });
  return edges;
}

const REPO = [
  fileTags('app.py', [['main', 1]], [['load_config', 2], ['Server', 3], ['helper', 1]]),
  fileTags('config.py', [['load_config', 0], ['_parse', 5]], [['_parse', 3], ['helper', 2]]),
  fileTags('server.py', [['Server', 0], ['helper', 9]], [['load_config', 1]]),
  fileTags('util.py', [['helper', 0]], []),
  fileTags('notes.py', [], [['nothing_defines_this', 4]]),
];

describe('the identifier-factored graph equals the expanded multigraph', () => {
  const graph = buildGraph(indexOf(REPO), { chatFiles: new Set(['app.py']), mentionedIdents: new Set(['Server']) });
  const edges = expandEdges(graph);
  const csr = new CsrGraph(graph.nodeCount, edges.map((e) => e.src), edges.map((e) => e.dst), edges.map((e) => e.weight));

  test('files without any edge are not nodes', () => {
    expect(graph.nodes).toEqual(['app.py', 'config.py', 'server.py', 'util.py']);
  });

  test('out-weights and ranks are those of the expanded graph', () => {
    expect([...graph.outWeight]).toEqual([...csr.outWeight]);
    const factored = personalizedPageRank(graph);
    const expanded = personalizedPageRank(csr);
    factored.ranks.forEach((rank, node) => expect(rank).toBeCloseTo(expanded.ranks[node]!, 14));
  });

  test('each (definer, identifier) share is the sum of its edges rank × weight / out-weight', () => {
    const { ranks } = personalizedPageRank(graph);
    const expected = new Map<string, number>();
    for (const edge of edges) {
      const key = `${graph.nodes[edge.dst]}:${edge.ident}`;
      expected.set(key, (expected.get(key) ?? 0) + (ranks[edge.src]! * edge.weight) / graph.outWeight[edge.src]!);
    }
    const actual = new Map<string, number>();
    forEachPair(graph, distributeRank(graph, ranks), (node, ident, score) => actual.set(`${graph.nodes[node]}:${graph.index.identName(ident)}`, score));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, score] of expected) expect(actual.get(key)).toBeCloseTo(score, 14);
  });

  test('edge weights follow SPEC A3: mention ×10, shape ×10, private ×0.1, chat referencer ×50, sqrt(count)', () => {
    const weightOf = (src: string, dst: string, ident: string): number =>
      edges.find((e) => graph.nodes[e.src] === src && graph.nodes[e.dst] === dst && e.ident === ident)!.weight;
    // load_config: snake and 11 long → ×10; from the chat file app.py ×50; 2 references → sqrt(2).
    expect(weightOf('app.py', 'config.py', 'load_config')).toBeCloseTo(10 * 50 * Math.SQRT2, 12);
    expect(weightOf('server.py', 'config.py', 'load_config')).toBeCloseTo(10, 12);
    // Server: mentioned ×10, too short for the shape boost; chat ×50; sqrt(3).
    expect(weightOf('app.py', 'server.py', 'Server')).toBeCloseTo(10 * 50 * Math.sqrt(3), 12);
    // _parse: private ×0.1, 3 references from its own file.
    expect(weightOf('config.py', 'config.py', '_parse')).toBeCloseTo(0.1 * Math.sqrt(3), 12);
    // helper is defined in three files: an edge to each.
    expect(edges.filter((e) => e.ident === 'helper' && graph.nodes[e.src] === 'config.py').map((e) => graph.nodes[e.dst]).sort())
      .toEqual(['server.py', 'util.py']);
  });

  test('a defined name nobody references gets a 0.1 self-edge', () => {
    expect(edges.filter((e) => e.ident === 'main')).toEqual([{ src: 0, dst: 0, ident: 'main', weight: 0.1 }]);
  });
});

describe('graph construction details', () => {
  test('with no reference anywhere each definer references its own names once', () => {
    const graph = buildGraph(indexOf([fileTags('a.py', [['alpha', 0]]), fileTags('b.py', [['alpha', 0], ['beta', 2]])]), {
      chatFiles: new Set(),
      mentionedIdents: new Set(),
    });
    const edges = expandEdges(graph);
    expect(edges.filter((e) => e.ident === 'alpha')).toHaveLength(4);
    expect(edges.every((e) => e.weight === 1)).toBe(true);
  });

  test('a name defined in six or more files is damped ×0.1', () => {
    expect(identMultiplier('init', 5, new Set())).toBe(1);
    expect(identMultiplier('init', 6, new Set())).toBeCloseTo(0.1, 12);
  });

  test('identifier shapes: snake, kebab and camel (any capitalized word) count; plain lower case does not', () => {
    expect(isSpecificIdentShape('load_config')).toBe(true);
    expect(isSpecificIdentShape('load-config')).toBe(true);
    expect(isSpecificIdentShape('Configuration')).toBe(true);
    expect(isSpecificIdentShape('configuration')).toBe(false);
    expect(isSpecificIdentShape('__')).toBe(false);
    expect(identMultiplier('Configuration', 1, new Set())).toBe(10);
    expect(identMultiplier('Config', 1, new Set())).toBe(1);
    expect(identMultiplier('_private_name', 1, new Set(['_private_name']))).toBeCloseTo(10, 12);
  });

  test('traits read from Latin-1 bytes in place are those of the decoded name', () => {
    const names = ['load_config', 'load-config', 'Configuration', 'configuration', '__', '_private_name', 'Config', 'x', '', 'név_érték_x', 'ÉÉÉÉÉÉÉÉ', 'señorita_x', '$scope_value', 'a1b2c3d4e5'];
    for (const name of names) {
      const bytes = Uint8Array.from(name, (char) => char.charCodeAt(0));
      const padded = new Uint8Array(bytes.length + 4);
      padded.set(bytes, 2);
      expect(latin1NameTraits(padded, 2, 2 + bytes.length), name).toBe(nameTraits(name));
    }
  });
});

describe('request-free groups weighed per request', () => {
  test('groups weighed for any request equal a graph built for it from scratch, with or without the weight memo', () => {
    const index = indexOf(REPO);
    const memo = new IdentWeightMemo();
    const groups = groupIdents(index, memo);
    const requests = [
      { chatFiles: new Set<string>(), mentionedIdents: new Set<string>() },
      { chatFiles: new Set(['app.py']), mentionedIdents: new Set(['Server']) },
      { chatFiles: new Set(['server.py', 'util.py']), mentionedIdents: new Set(['helper', 'missing']) },
    ];
    for (const request of requests) {
      const fresh = buildGraph(index, request);
      for (const weighed of [weighGraph(groups, request), weighGraph(groupIdents(index, memo), request)]) {
        expect(weighed.nodes).toEqual(fresh.nodes);
        expect([...weighed.outWeight]).toEqual([...fresh.outWeight]);
        const weights = (graph: RepoGraph): number[] => [...graph.referencerNodes].map((_, r) => graph.referencerWeight(graph.referencerStart.findLastIndex((start) => start <= r), r));
        expect(weights(weighed)).toEqual(weights(fresh));
        expect([...weighed.definerNodes]).toEqual([...fresh.definerNodes]);
      }
    }
  });
});
