/**
 * `--format html`: one self-contained page that works offline from file:// (SPEC B9). Positions
 * are laid out here with ForceAtlas2, so the browser only draws; graphology's and sigma's UMD
 * bundles and our page script are inlined, so the page fetches nothing. Builds text; never writes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FileGraph } from '../graph/file-graph.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { forceAtlas2 } from './graphology-libs.js';
import type { FileGraphology } from './to-graphology.js';

/** ForceAtlas2 passes: enough for 500 files to settle into their directory clusters (~1 s). */
export const LAYOUT_ITERATIONS = 300;
/** Node radius range in pixels: the best-ranked file is this much larger than the least. */
const NODE_SIZE_MIN = 2;
const NODE_SIZE_MAX = 18;
const EDGE_SIZE_MIN = 0.3;
const EDGE_SIZE_MAX = 3;
/**
 * The page keeps each file's strongest edges in and out, this many each way, and the panel lists
 * them. The Go standard library's best 500 files have ~49k edges among them: all of them made a
 * 10 MB page and a grey hairball; the strongest ten each way keep every file's main ties.
 */
export const PAGE_EDGES_PER_FILE = 10;
/** Significant digits of the page's numbers (positions, weights): plenty for a picture. */
const PAGE_DIGITS = 4;
/** Distinguishable colours for the heaviest top-level directories; the rest share OTHER_COLOR. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#393b79', '#ad494a', '#637939'];
const OTHER_COLOR = '#999999';

interface PageNode {
  key: string;
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
  forceLabel: boolean;
  highlighted: boolean;
  [attribute: string]: unknown;
}

/** Initial positions on a golden-angle spiral, best-ranked in the middle: deterministic, no overlap. */
function seedPositions(graph: FileGraphology): FileGraphology {
  const seeded = graph.copy() as FileGraphology;
  const byRank = seeded.nodes().sort((a, b) => seeded.getNodeAttribute(b, 'rank') - seeded.getNodeAttribute(a, 'rank') || (a < b ? -1 : 1));
  const goldenAngle = Math.PI * (3 - Math.sqrt(5));
  byRank.forEach((node, i) => {
    const radius = Math.sqrt(i + 1) * 10;
    seeded.mergeNodeAttributes(node, { x: radius * Math.cos(i * goldenAngle), y: radius * Math.sin(i * goldenAngle) } as never);
  });
  return seeded;
}

export function layoutGraph(graph: FileGraphology): Record<string, { x: number; y: number }> {
  if (graph.order === 0) return {};
  const seeded = seedPositions(graph);
  const settings = { ...forceAtlas2.inferSettings(seeded), barnesHutOptimize: seeded.order > 300 };
  return forceAtlas2(seeded, { iterations: LAYOUT_ITERATIONS, settings, getEdgeWeight: 'weight' });
}

/** Directory colours: the directories holding the most rank get the palette, in that order. */
function directoryColors(graph: FileGraphology): Array<{ directory: string; color: string }> {
  const rankByDirectory = new Map<string, number>();
  graph.forEachNode((_node, attributes) => rankByDirectory.set(attributes.directory, (rankByDirectory.get(attributes.directory) ?? 0) + attributes.rank));
  const ordered = [...rankByDirectory].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const legend = ordered.slice(0, PALETTE.length).map(([directory], i) => ({ directory, color: PALETTE[i]! }));
  if (ordered.length > PALETTE.length) legend.push({ directory: 'other directories', color: OTHER_COLOR });
  return legend;
}

function round(value: number): number {
  return Number(value.toPrecision(PAGE_DIGITS));
}

/** Each file's PAGE_EDGES_PER_FILE heaviest in-edges and out-edges, in graph order. */
function strongestEdges(graph: FileGraphology): string[] {
  const kept = new Set<string>();
  const heaviest = (edges: string[]): string[] =>
    edges.sort((a, b) => graph.getEdgeAttribute(b, 'weight') - graph.getEdgeAttribute(a, 'weight')).slice(0, PAGE_EDGES_PER_FILE);
  graph.forEachNode((node) => {
    for (const edge of heaviest(graph.outEdges(node))) kept.add(edge);
    for (const edge of heaviest(graph.inEdges(node))) kept.add(edge);
  });
  return graph.edges().filter((edge) => kept.has(edge));
}

export interface GraphPageData {
  title: string;
  totalNodes: number;
  edgesPerFile: number;
  totalEdges: number;
  legend: Array<{ directory: string; color: string }>;
  nodes: PageNode[];
  edges: Array<{ source: string; target: string; weight: number; size: number; idents: Array<{ name: string; weight: number }> }>;
}

export function graphPageData(graph: FileGraphology, fileGraph: FileGraph, title: string): GraphPageData {
  const positions = layoutGraph(graph);
  const legend = directoryColors(graph);
  const colorOf = new Map(legend.map(({ directory, color }) => [directory, color]));
  const blocks = new Map(fileGraph.nodes.map((node) => [node.path, node.block]));
  let maxRank = 0;
  let maxWeight = 0;
  graph.forEachNode((_node, attributes) => (maxRank = Math.max(maxRank, attributes.rank)));
  graph.forEachEdge((_edge, attributes) => (maxWeight = Math.max(maxWeight, attributes.weight)));
  const nodes = graph.mapNodes((key, attributes): PageNode => {
    const marked = attributes.chat || attributes.mentioned;
    return {
      ...attributes,
      key,
      label: attributes.chat ? `${key} (chat)` : attributes.mentioned ? `${key} (mentioned)` : key,
      x: round(positions[key]!.x),
      y: round(positions[key]!.y),
      size: round(NODE_SIZE_MIN + (NODE_SIZE_MAX - NODE_SIZE_MIN) * Math.sqrt(maxRank > 0 ? attributes.rank / maxRank : 0)),
      color: colorOf.get(attributes.directory) ?? OTHER_COLOR,
      forceLabel: marked,
      highlighted: marked,
      block: blocks.get(key) ?? null,
    };
  });
  const edges = strongestEdges(graph).map((edge) => {
    const attributes = graph.getEdgeAttributes(edge);
    return {
      source: graph.source(edge),
      target: graph.target(edge),
      weight: round(attributes.weight),
      size: round(EDGE_SIZE_MIN + (EDGE_SIZE_MAX - EDGE_SIZE_MIN) * (maxWeight > 0 ? attributes.weight / maxWeight : 0)),
      idents: attributes.idents.map(({ name, weight }) => ({ name, weight: round(weight) })),
    };
  });
  return { title, totalNodes: fileGraph.totalNodes, totalEdges: graph.size, edgesPerFile: PAGE_EDGES_PER_FILE, legend, nodes, edges };
}

/** A script's text made safe inside <script>: no early `</script`, no HTML comment openers. */
function inlineScript(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeHtml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

/** graphology's and sigma's browser bundles, found next to the entry points their packages export. */
function browserBundles(): string[] {
  const require = createRequire(import.meta.url);
  const graphologyDist = path.dirname(require.resolve('graphology'));
  const sigmaDist = path.dirname(require.resolve('sigma'));
  return [path.join(graphologyDist, 'graphology.umd.min.js'), path.join(sigmaDist, 'sigma.min.js'), path.join(PACKAGE_ROOT, 'assets', 'graph-page.js')];
}

const PAGE_STYLE = `
  html, body { margin: 0; height: 100%; font: 13px/1.4 system-ui, sans-serif; color: #222; }
  #graph { position: absolute; inset: 0; right: 420px; }
  header { position: absolute; top: 8px; left: 8px; z-index: 2; background: rgba(255,255,255,.92); padding: 6px 8px; border-radius: 6px; max-width: 380px; }
  header h1 { font-size: 14px; margin: 0 0 4px; }
  #search { width: 240px; padding: 3px 6px; }
  #legend { list-style: none; padding: 0; margin: 6px 0 0; columns: 2; }
  #legend li::before { content: ''; display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; background: var(--swatch); }
  aside { position: absolute; top: 0; right: 0; bottom: 0; width: 420px; overflow: auto; border-left: 1px solid #ddd; padding: 10px 12px; box-sizing: border-box; background: #fafafa; }
  aside h2 { font-size: 14px; word-break: break-all; margin: 0 0 4px; }
  aside h3 { font-size: 12px; margin: 12px 0 4px; text-transform: uppercase; color: #666; }
  aside dl { display: grid; grid-template-columns: auto 1fr; gap: 0 12px; margin: 6px 0; }
  aside dd { margin: 0; font-variant-numeric: tabular-nums; }
  aside pre { font-size: 11px; background: #fff; border: 1px solid #e4e4e4; padding: 6px; overflow: auto; max-height: 280px; }
  aside ol { padding-left: 20px; margin: 0; }
  aside li { margin: 2px 0; word-break: break-all; }
  aside .idents { color: #666; }
  aside .hint { color: #666; }
`;

export function renderGraphPage(graph: FileGraphology, fileGraph: FileGraph, title: string): string {
  const data = graphPageData(graph, fileGraph, title);
  // JSON inside a script element: escape '<' so no sequence in a path or block can end it.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const scripts = browserBundles().map((file) => `<script>${inlineScript(readFileSync(file, 'utf8'))}</script>`);
  const shown =
    `${data.nodes.length} of ${data.totalNodes} files; ${data.edges.length} of ${data.totalEdges} reference edges ` +
    `(each file's ${data.edgesPerFile} strongest in and out)`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<div id="graph"></div>
<header>
  <h1>${escapeHtml(title)}</h1>
  <div>${escapeHtml(shown)}. Size: rank; colour: top-level directory.</div>
  <input id="search" type="search" placeholder="search files (Enter selects the best match)" autocomplete="off"> <span id="search-status"></span>
  <ul id="legend"></ul>
</header>
<aside id="panel"></aside>
<script type="application/json" id="graph-data">${json}</script>
${scripts.join('\n')}
</body>
</html>
`;
}
