import { spawnSync } from 'node:child_process';
import { DirectedGraph } from 'graphology';
import { describe, expect, test } from 'vitest';
import { buildGraph, type RepoGraph } from '../../src/graph/build-graph.js';
import { buildFileGraph, type FileGraph } from '../../src/graph/file-graph.js';
import { personalizedPageRank } from '../../src/graph/pagerank.js';
import { TagIndex } from '../../src/graph/tag-index.js';
import { UNREFERENCED_SELF_WEIGHT } from '../../src/graph/weights.js';
import { gexf, graphml, pagerank } from '../../src/export/graphology-libs.js';
import { toGraphology } from '../../src/export/to-graphology.js';
import { identList, writeDot, writeGexf, writeGraphml, writeJson } from '../../src/export/write-graph.js';
import type { FileTags } from '../../src/types.js';
import { fileTags } from '../helpers.js';

function graphOf(files: FileTags[]): RepoGraph {
  const index = new TagIndex();
  for (const file of files) index.add(file);
  return buildGraph(index, { chatFiles: new Set(), mentionedIdents: new Set() });
}

/** A repository of `count` files whose references follow a fixed pseudo-random sequence. */
function generatedRepo(count: number, seed: number): FileTags[] {
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  return Array.from({ length: count }, (_, f) => {
    const defs: Array<[string, number]> = [[`thing_${f}`, 1], [`Shared${f % 7}`, 2]];
    const refs: Array<[string, number]> = Array.from({ length: 1 + next(6) }, () => [`thing_${next(count)}`, 1 + next(4)]);
    return fileTags(`pkg${f % 5}/file_${f}.py`, defs, f % 11 === 0 ? [] : refs);
  });
}

const SMALL_REPO = [
  fileTags('app/main.py', [['main', 1]], [['load_config', 2], ['Server', 3], ['helper', 1]]),
  fileTags('app/config.py', [['load_config', 0], ['_parse', 5]], [['_parse', 3], ['helper', 2]]),
  fileTags('server.py', [['Server', 0], ['helper', 9]], [['load_config', 1]]),
  fileTags('lib/util.py', [['helper', 0], ['unused_thing', 3]], []),
];

/** The ranking's multigraph (self-loops included) as a simple graphology graph, parallel weights summed. */
function rankingGraphology(graph: RepoGraph): DirectedGraph {
  const g = new DirectedGraph();
  for (const node of graph.nodes) g.addNode(node);
  const add = (source: number, target: number, weight: number): void => {
    g.updateDirectedEdge(graph.nodes[source]!, graph.nodes[target]!, (attributes) => ({ weight: ((attributes.weight as number | undefined) ?? 0) + weight }));
  };
  for (let i = 0; i < graph.linkedIdents.length; i++) {
    for (let r = graph.referencerStart[i]!; r < graph.referencerStart[i + 1]!; r++) {
      for (let d = graph.definerStart[i]!; d < graph.definerStart[i + 1]!; d++) add(graph.referencerNodes[r]!, graph.definerNodes[d]!, graph.referencerWeight(i, r));
    }
  }
  for (const node of graph.selfEdgeNodes) add(node, node, UNREFERENCED_SELF_WEIGHT);
  return g;
}

/**
 * Both iterate the same unpersonalized PageRank (alpha 0.85, dangling mass spread uniformly, stop
 * once the L1 change is below N × 1e-6), written independently: the stopping test sits at a
 * different point of each loop. On these fixtures both stop on the same iteration and agree to
 * ~3e-17; the tolerance is 1e-9 per file. Were one to stop a step later, ranks could move by up to
 * the stopping threshold and this test would say so.
 */
const PAGERANK_AGREEMENT = 1e-9;

describe('our PageRank agrees with graphology-metrics', () => {
  for (const [name, files] of [
    ['a small repository with a dangling file and private names', SMALL_REPO],
    ['a generated repository of 300 files', generatedRepo(300, 42)],
  ] as const) {
    test(name, () => {
      const graph = graphOf([...files]);
      const ours = personalizedPageRank(graph);
      const theirs = pagerank(rankingGraphology(graph), { getEdgeWeight: 'weight' });
      expect(ours.personalized).toBe(false);
      graph.nodes.forEach((node, i) => expect(Math.abs(ours.ranks[i]! - theirs[node]!)).toBeLessThan(PAGERANK_AGREEMENT));
    });
  }
});

function fileGraphOf(files: FileTags[]): FileGraph {
  const graph = graphOf(files);
  const { ranks } = personalizedPageRank(graph);
  return buildFileGraph(graph, ranks, {
    languages: new Map(files.map((file) => [file.relPath, file.language])),
    chatFiles: new Set(['app/main.py']),
    mentionedFiles: new Set(),
    blocks: new Map([['server.py', 'server.py:\n│class Server:\n']]),
  });
}

describe('toGraphology', () => {
  const fileGraph = fileGraphOf(SMALL_REPO);
  const graph = toGraphology(fileGraph);

  test('has a node per file and a directed edge per referencer → definer pair', () => {
    expect(graph.type).toBe('directed');
    expect(graph.nodes().sort()).toEqual(fileGraph.nodes.map((node) => node.path).sort());
    expect(graph.size).toBe(fileGraph.edges.length);
    for (const edge of fileGraph.edges) expect(graph.getDirectedEdgeAttributes(edge.source, edge.target).weight).toBe(edge.weight);
  });

  test('weighted in/out degree sum the edge weights, and betweenness marks the file between others', () => {
    for (const node of graph.nodes()) {
      const into = fileGraph.edges.filter((edge) => edge.target === node).reduce((sum, edge) => sum + edge.weight, 0);
      const out = fileGraph.edges.filter((edge) => edge.source === node).reduce((sum, edge) => sum + edge.weight, 0);
      expect(graph.getNodeAttribute(node, 'inWeight')).toBeCloseTo(into, 12);
      expect(graph.getNodeAttribute(node, 'outWeight')).toBeCloseTo(out, 12);
    }
    // util.py only defines: no shortest path passes through it. In a chain a → b → c, b is between.
    expect(graph.getNodeAttribute('lib/util.py', 'betweenness')).toBe(0);
    const chain = toGraphology({
      totalNodes: 3,
      nodes: ['a', 'b', 'c'].map((path) => ({ path, rank: 1 / 3, language: 'python', directory: '.', definitions: 1, inMap: false, chat: false, mentioned: false })),
      edges: [
        { source: 'a', target: 'b', weight: 1, idents: [] },
        { source: 'b', target: 'c', weight: 1, idents: [] },
      ],
    });
    expect(chain.getNodeAttribute('b', 'betweenness')).toBeGreaterThan(0);
    expect(chain.getNodeAttribute('a', 'betweenness')).toBe(0);
  });

  test('a build result without a graph is a clear error', () => {
    expect(() => toGraphology({ root: '/', text: '', tokens: 0, budget: 1, tokenizer: 'approx', files: [], skipped: [], stats: {} as never })).toThrow(
      /withGraph: true/,
    );
  });
});

describe('export formats round-trip', () => {
  const graph = toGraphology(fileGraphOf(generatedRepo(60, 7)));

  test('JSON is graphology serialization and imports back to the same graph', () => {
    const copy = DirectedGraph.from(JSON.parse(writeJson(graph)));
    expect(copy.order).toBe(graph.order);
    expect(copy.size).toBe(graph.size);
    graph.forEachNode((node, attributes) => expect(copy.getNodeAttributes(node)).toEqual(attributes));
    graph.forEachEdge((_edge, attributes, source, target) => expect(copy.getDirectedEdgeAttributes(source, target)).toEqual(attributes));
  });

  for (const [name, write, parse] of [
    ['GEXF (graphology-gexf)', writeGexf, gexf.parse],
    ['GraphML (read by graphology-graphml)', writeGraphml, graphml.parse],
  ] as const) {
    test(`${name} parses back with graphology's parser: same nodes, edges and attributes`, () => {
      const copy = parse(DirectedGraph, write(graph));
      expect(copy.order).toBe(graph.order);
      expect(copy.size).toBe(graph.size);
      graph.forEachNode((node, attributes) => {
        const parsed = copy.getNodeAttributes(node);
        expect(parsed.label).toBe(attributes.label);
        expect(parsed.rank).toBeCloseTo(attributes.rank, 12);
        expect(parsed.language).toBe(attributes.language);
        expect(parsed.definitions).toBe(attributes.definitions);
        expect(parsed.inMap).toBe(attributes.inMap);
        expect(parsed.chat).toBe(attributes.chat);
        expect(parsed.betweenness).toBeCloseTo(attributes.betweenness!, 12);
      });
      graph.forEachEdge((_edge, attributes, source, target) => {
        const parsed = copy.getDirectedEdgeAttributes(source, target);
        expect(parsed.weight).toBeCloseTo(attributes.weight, 12);
        expect(parsed.identifiers).toBe(identList(attributes));
      });
    });
  }

  const hasDot = spawnSync('dot', ['-V']).status === 0;
  if (!hasDot) console.log('skipping the DOT check: Graphviz `dot` is not installed (.ci/run installs it)');
  test.skipIf(!hasDot)('DOT renders with Graphviz dot -Tsvg, one SVG node per file', () => {
    const run = spawnSync('dot', ['-Tsvg'], { input: writeDot(graph), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.match(/class="node"/g)?.length).toBe(graph.order);
    expect(run.stdout.match(/class="edge"/g)?.length).toBe(graph.size);
  });
});
