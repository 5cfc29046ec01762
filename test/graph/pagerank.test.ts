import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CsrGraph, personalizedPageRank } from '../../src/graph/pagerank.js';
import { FIXTURES } from '../helpers.js';

interface ReferenceCase {
  nodeCount: number;
  edges: Array<[number, number, number]>;
  personalization: Record<string, number>;
  ranks: number[];
}

const DIR = path.join(FIXTURES, 'pagerank');
const cases = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, data: JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as ReferenceCase }));

function toGraph(data: ReferenceCase): CsrGraph {
  return new CsrGraph(
    data.nodeCount,
    data.edges.map((edge) => edge[0]),
    data.edges.map((edge) => edge[1]),
    data.edges.map((edge) => edge[2]),
  );
}

function toPersonalization(data: ReferenceCase): Float64Array | undefined {
  const entries = Object.entries(data.personalization);
  if (entries.length === 0) return undefined;
  const vector = new Float64Array(data.nodeCount);
  for (const [node, value] of entries) vector[Number(node)] = value;
  return vector;
}

describe('personalized PageRank matches networkx', () => {
  test('there are at least three reference graphs', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(['dangling.json', 'personalized.json', 'self-loops-parallel.json']);
  });

  test.each(cases)('$name: every node within 1e-9 of networkx', ({ data }) => {
    const result = personalizedPageRank(toGraph(data), { personalization: toPersonalization(data) });
    expect(result.converged).toBe(true);
    data.ranks.forEach((expected, node) => expect(Math.abs(result.ranks[node]! - expected)).toBeLessThanOrEqual(1e-9));
  });
});

describe('PageRank never fails the map', () => {
  const graph = new CsrGraph(3, [0, 1], [1, 2], [1, 1]);

  test('a personalization without mass falls back to uniform teleport (aider crashed)', () => {
    const result = personalizedPageRank(graph, { personalization: new Float64Array(3) });
    const uniform = personalizedPageRank(graph);
    expect(result.personalized).toBe(false);
    expect([...result.ranks]).toEqual([...uniform.ranks]);
  });

  test('without convergence the last iterate is returned (aider crashed)', () => {
    const result = personalizedPageRank(graph, { maxIterations: 2, tolerance: 0 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(2);
    expect(result.ranks.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  test('an empty graph gives no ranks', () => {
    expect(personalizedPageRank(new CsrGraph(0, [], [], [])).ranks.length).toBe(0);
  });
});
