import { describe, expect, test } from 'vitest';
import { buildGraph } from '../../src/graph/build-graph.js';
import { buildFileGraph, topDirectory } from '../../src/graph/file-graph.js';
import { personalizedPageRank } from '../../src/graph/pagerank.js';
import { TagIndex } from '../../src/graph/tag-index.js';
import { CHAT_REFERENCER_BOOST, identMultiplier } from '../../src/graph/weights.js';
import { buildRepoMap } from '../../src/session/build-map.js';
import { RepoSession } from '../../src/session/repo-session.js';
import { CacheConfig } from '../../src/store/cache-config.js';
import type { FileTags } from '../../src/types.js';
import { copyFixtureRepo, fileTags } from '../helpers.js';

const REPO = [
  fileTags('app/main.py', [['main', 1]], [['load_config', 2], ['Server', 3], ['helper', 1], ['main', 1]]),
  fileTags('app/config.py', [['load_config', 0], ['_parse', 5]], [['_parse', 3], ['helper', 2]]),
  fileTags('server.py', [['Server', 0], ['helper', 9]], [['load_config', 1]]),
  fileTags('lib/util.py', [['helper', 0]], []),
  fileTags('lib/notes.py', [], [['nothing_defines_this', 4]]),
];

function indexOf(files: FileTags[]): TagIndex {
  const index = new TagIndex();
  for (const file of files) index.add(file);
  return index;
}

/** Referencer → definer weights summed over identifiers, straight from the tags (SPEC A3). */
function expectedEdges(files: FileTags[], chatFiles: ReadonlySet<string>, mentioned: ReadonlySet<string>): Map<string, number> {
  const definers = new Map<string, Set<string>>();
  for (const file of files) for (const def of file.definitions) definers.set(def.name, (definers.get(def.name) ?? new Set()).add(file.relPath));
  const edges = new Map<string, number>();
  for (const file of files) {
    for (const ref of file.references) {
      const definedIn = definers.get(ref.name) ?? new Set();
      const weight = identMultiplier(ref.name, definedIn.size, mentioned) * (chatFiles.has(file.relPath) ? CHAT_REFERENCER_BOOST : 1) * Math.sqrt(ref.count);
      for (const definer of definedIn) {
        if (definer === file.relPath) continue;
        const key = `${file.relPath} -> ${definer}`;
        edges.set(key, (edges.get(key) ?? 0) + weight);
      }
    }
  }
  return edges;
}

describe('the file graph of a ranking', () => {
  const chatFiles = new Set(['app/main.py']);
  const mentioned = new Set(['Server']);
  const graph = buildGraph(indexOf(REPO), { chatFiles, mentionedIdents: mentioned });
  const { ranks } = personalizedPageRank(graph);
  const options = {
    languages: new Map(REPO.map((file) => [file.relPath, file.language])),
    chatFiles,
    mentionedFiles: new Set(['server.py']),
    blocks: new Map([['server.py', 'server.py:\n│class Server:\n']]),
  };

  test('edges carry the summed referencer → definer weights of the tags, without self-loops', () => {
    const fileGraph = buildFileGraph(graph, ranks, options);
    const actual = new Map(fileGraph.edges.map((edge) => [`${edge.source} -> ${edge.target}`, edge.weight]));
    const expected = expectedEdges(REPO, chatFiles, mentioned);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, weight] of expected) expect(actual.get(key)).toBeCloseTo(weight, 12);
  });

  test('each edge lists its identifiers heaviest first, and they add up to its weight when few', () => {
    const fileGraph = buildFileGraph(graph, ranks, options);
    const edge = fileGraph.edges.find((e) => e.source === 'app/main.py' && e.target === 'server.py')!;
    expect(edge.idents.map((ident) => ident.name)).toEqual(['Server', 'helper']);
    expect(edge.idents.reduce((sum, ident) => sum + ident.weight, 0)).toBeCloseTo(edge.weight, 12);
  });

  test('nodes carry the ranking, language, directory, definitions and the request marks', () => {
    const fileGraph = buildFileGraph(graph, ranks, options);
    expect(fileGraph.totalNodes).toBe(graph.nodeCount);
    const server = fileGraph.nodes.find((node) => node.path === 'server.py')!;
    expect(server).toEqual({
      path: 'server.py',
      rank: ranks[graph.nodes.indexOf('server.py')],
      language: 'python',
      directory: '.',
      definitions: 2,
      inMap: true,
      chat: false,
      mentioned: true,
      block: 'server.py:\n│class Server:\n',
    });
    expect(fileGraph.nodes.find((node) => node.path === 'app/main.py')).toMatchObject({ chat: true, inMap: false, directory: 'app' });
  });

  test('--top keeps the best-ranked files, always the chat files, and only the edges among them', () => {
    const fileGraph = buildFileGraph(graph, ranks, { ...options, top: 2 });
    const best = graph.nodes
      .filter((relPath) => !chatFiles.has(relPath))
      .sort((a, b) => ranks[graph.nodes.indexOf(b)]! - ranks[graph.nodes.indexOf(a)]!)[0]!;
    expect(fileGraph.nodes.map((node) => node.path).sort()).toEqual(['app/main.py', best].sort());
    const kept = new Set(fileGraph.nodes.map((node) => node.path));
    expect(fileGraph.edges.length).toBeGreaterThan(0);
    for (const edge of fileGraph.edges) expect(kept.has(edge.source) && kept.has(edge.target)).toBe(true);
  });

  test('the top-level directory of a root file is "."', () => {
    expect(topDirectory('README.md')).toBe('.');
    expect(topDirectory('src/a/b.ts')).toBe('src');
  });
});

describe('buildRepoMap with withGraph', () => {
  test("the graph's ranks and in-map marks are the map's, for the same request, even when the map is cached", async () => {
    const root = copyFixtureRepo('systems-mix');
    const cache = new CacheConfig({ ...CacheConfig.defaults(root), refresh: 'auto' });
    // Maps fit with the approximate tokenizer: tokens are not under test, and o200k costs each map ~0.9 s of CPU to load its ranks.
    const request = { root, workers: 0, cache, tokens: 300, tokenizer: 'approx' as const, prompt: 'why does buffer_append fail?' };
    const plain = await buildRepoMap(request);
    const withGraph = await buildRepoMap({ ...request, withGraph: true });
    expect(plain.graph).toBeUndefined();
    // The map is now in the MapCache, which holds no graph: the graph request must not be served from it.
    expect(withGraph.stats.warm).toBe(false);
    expect(withGraph.graph).toBeDefined();
    expect(withGraph.text).toBe(plain.text);
    const nodes = new Map(withGraph.graph!.nodes.map((node) => [node.path, node]));
    const inMap = withGraph.graph!.nodes.filter((node) => node.inMap).map((node) => node.path);
    const mapped = plain.files.filter((file) => nodes.has(file.path));
    expect(inMap.sort()).toEqual(mapped.map((file) => file.path).sort());
    for (const file of mapped) expect(nodes.get(file.path)!.rank).toBe(file.rank);

    const chat = withGraph.graph!.nodes[0]!.path;
    const chatGraph = (await buildRepoMap({ ...request, chatFiles: [chat], withGraph: true })).graph!;
    expect(chatGraph.nodes.find((node) => node.path === chat)!.chat).toBe(true);
    expect(chatGraph.nodes.map((node) => node.rank)).not.toEqual(withGraph.graph!.nodes.map((node) => node.rank));
  }, 90_000); // three builds: ~20 s on a loaded 2-core machine

  test('a live session computes the graph even for a request it has just answered, and does not keep it', async () => {
    const root = copyFixtureRepo('systems-mix');
    const session = await RepoSession.open({ root, workers: 0 });
    try {
      const plain = await session.map({ tokens: 300, tokenizer: 'approx' });
      const withGraph = await session.map({ tokens: 300, tokenizer: 'approx', withGraph: true, graphTop: 3 });
      expect(withGraph.text).toBe(plain.text);
      expect(withGraph.graph!.nodes.length).toBe(3);
      expect((await session.map({ tokens: 300, tokenizer: 'approx' })).graph).toBeUndefined();
    } finally {
      await session.close();
    }
  }, 60_000);
});
