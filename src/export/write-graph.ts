/**
 * Serializes the graphology view of the file graph: JSON in graphology's own serialization
 * format, GEXF through graphology-gexf, GraphML (graphology-graphml only parses, so the writer is
 * here, and the tests read its output back with that parser) and DOT for Graphviz. Pure: text in
 * memory, no files.
 */
import type { FileEdgeAttributes, FileGraphology, FileNodeAttributes } from './to-graphology.js';
import { gexf } from './graphology-libs.js';

/** Node attributes every text format carries, with their GraphML types. */
const NODE_FIELDS: ReadonlyArray<[keyof FileNodeAttributes, 'string' | 'double' | 'int' | 'boolean']> = [
  ['label', 'string'],
  ['rank', 'double'],
  ['language', 'string'],
  ['directory', 'string'],
  ['definitions', 'int'],
  ['inMap', 'boolean'],
  ['chat', 'boolean'],
  ['mentioned', 'boolean'],
  ['inWeight', 'double'],
  ['outWeight', 'double'],
  ['betweenness', 'double'],
];

/** The identifiers of an edge as one string for formats without lists: `name weight` pairs, heaviest first. */
export function identList(edge: FileEdgeAttributes): string {
  return edge.idents.map(({ name, weight }) => `${name} ${Number(weight.toPrecision(6))}`).join(', ');
}

export function writeJson(graph: FileGraphology): string {
  return `${JSON.stringify(graph.export(), null, 2)}\n`;
}

function scalarAttributes(attributes: FileNodeAttributes): Record<string, string | number | boolean> {
  const scalars: Record<string, string | number | boolean> = {};
  for (const [field] of NODE_FIELDS) {
    const value = attributes[field];
    if (field !== 'label' && value !== null) scalars[field] = value;
  }
  return scalars;
}

export function writeGexf(graph: FileGraphology): string {
  return gexf.write(graph, {
    version: '1.3',
    formatNode: (_key, attributes) => ({ label: attributes.label, attributes: scalarAttributes(attributes) }),
    formatEdge: (_key, attributes) => ({ weight: attributes.weight, attributes: { identifiers: identList(attributes) } }),
  });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function writeGraphml(graph: FileGraphology): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...NODE_FIELDS.map(([field, type]) => `  <key id="${field}" for="node" attr.name="${field}" attr.type="${type}"/>`),
    '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
    '  <key id="identifiers" for="edge" attr.name="identifiers" attr.type="string"/>',
    '  <graph id="repomap" edgedefault="directed">',
  ];
  graph.forEachNode((key, attributes) => {
    lines.push(`    <node id="${escapeXml(key)}">`);
    for (const [field] of NODE_FIELDS) {
      const value = attributes[field];
      if (value !== null) lines.push(`      <data key="${field}">${escapeXml(String(value))}</data>`);
    }
    lines.push('    </node>');
  });
  graph.forEachEdge((key, attributes, source, target) => {
    lines.push(`    <edge id="${escapeXml(key)}" source="${escapeXml(source)}" target="${escapeXml(target)}">`);
    lines.push(`      <data key="weight">${attributes.weight}</data>`);
    lines.push(`      <data key="identifiers">${escapeXml(identList(attributes))}</data>`);
    lines.push('    </edge>');
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

function dotString(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

/** Widest edge line in points, for the heaviest edge. */
const DOT_MAX_PENWIDTH = 6;

export function writeDot(graph: FileGraphology): string {
  let heaviest = 0;
  graph.forEachEdge((_key, attributes) => (heaviest = Math.max(heaviest, attributes.weight)));
  const lines = ['digraph repomap {', '  node [shape=box, style=rounded];'];
  graph.forEachNode((key, attributes) => {
    const style = attributes.chat ? ', style="rounded,bold", color=red' : attributes.mentioned ? ', style="rounded,bold", color=orange' : '';
    const tooltip = `rank ${attributes.rank.toExponential(3)}, ${attributes.language}, ${attributes.definitions} definitions${attributes.inMap ? ', in the map' : ''}`;
    lines.push(`  ${dotString(key)} [tooltip=${dotString(tooltip)}${style}];`);
  });
  graph.forEachEdge((_key, attributes, source, target) => {
    const penwidth = heaviest > 0 ? Math.max(0.5, (DOT_MAX_PENWIDTH * attributes.weight) / heaviest) : 1;
    lines.push(`  ${dotString(source)} -> ${dotString(target)} [penwidth=${penwidth.toFixed(2)}, tooltip=${dotString(identList(attributes))}];`);
  });
  lines.push('}', '');
  return lines.join('\n');
}
