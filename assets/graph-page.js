/*
 * The browser half of `repomap graph --format html`: reads the embedded graph (positions already
 * laid out in Node), draws it with sigma.js and wires the search box and the file panel. Runs
 * from file:// with no network: graphology and sigma are inlined before this script.
 */
/* global graphology, Sigma, document, window */
(function main() {
  'use strict';
  const data = JSON.parse(document.getElementById('graph-data').textContent);
  const graph = new graphology.DirectedGraph();
  for (const node of data.nodes) graph.addNode(node.key, node);
  data.edges.forEach((edge, i) => {
    graph.addDirectedEdgeWithKey(`e${i}`, edge.source, edge.target, { size: edge.size, color: '#c8c8c8', weight: edge.weight, idents: edge.idents });
  });

  const state = { selected: null, matches: new Set() };
  const container = document.getElementById('graph');
  const renderer = new Sigma(graph, container, {
    defaultEdgeType: 'arrow',
    labelRenderedSizeThreshold: 8,
    zIndex: true,
    nodeReducer(node, attributes) {
      const shown = { ...attributes };
      if (state.selected && node !== state.selected && !graph.areNeighbors(node, state.selected)) {
        shown.color = '#e4e4e4';
        shown.label = '';
        shown.zIndex = 0;
      } else if (state.selected) {
        shown.zIndex = 1;
      }
      if (state.matches.has(node)) {
        shown.highlighted = true;
        shown.zIndex = 2;
      }
      return shown;
    },
    edgeReducer(edge, attributes) {
      if (!state.selected) return attributes;
      const touches = graph.source(edge) === state.selected || graph.target(edge) === state.selected;
      return touches ? { ...attributes, color: '#555', zIndex: 1 } : { ...attributes, hidden: true };
    },
  });

  const panel = document.getElementById('panel');
  const format = (value) => (value === null || value === undefined ? '–' : Number(value).toPrecision(3));
  const element = (tag, text, className) => {
    const child = document.createElement(tag);
    if (text !== undefined) child.textContent = text;
    if (className) child.className = className;
    return child;
  };
  const edgeList = (title, edges, otherEnd) => {
    const section = element('section');
    section.appendChild(element('h3', `${title} (${edges.length})`));
    const list = element('ol');
    for (const edge of edges.slice(0, data.edgesPerFile)) {
      const item = element('li');
      const link = element('a', otherEnd(edge), 'file');
      link.href = '#';
      link.addEventListener('click', (event) => {
        event.preventDefault();
        select(otherEnd(edge));
      });
      item.appendChild(link);
      item.appendChild(element('span', ` ${format(edge.weight)}: ${edge.idents.map((ident) => ident.name).join(', ')}`, 'idents'));
      list.appendChild(item);
    }
    section.appendChild(list);
    return section;
  };
  const edgesOf = (node, direction) =>
    (direction === 'in' ? graph.inEdges(node) : graph.outEdges(node))
      .map((edge) => ({ source: graph.source(edge), target: graph.target(edge), ...graph.getEdgeAttributes(edge) }))
      .sort((a, b) => b.weight - a.weight);

  function showPanel(node) {
    panel.replaceChildren();
    if (!node) {
      panel.appendChild(element('p', 'Click a file to see its map block and its strongest references in and out.', 'hint'));
      return;
    }
    const a = graph.getNodeAttributes(node);
    panel.appendChild(element('h2', node));
    const marks = [a.chat ? 'in the chat' : '', a.mentioned ? 'mentioned' : '', a.inMap ? 'in the map' : 'not in the map'].filter(Boolean);
    panel.appendChild(element('p', `${a.language}, ${a.definitions} definitions; ${marks.join(', ')}`));
    const facts = element('dl');
    for (const [term, value] of [
      ['rank', a.rank],
      ['in-weight', a.inWeight],
      ['out-weight', a.outWeight],
      ['betweenness', a.betweenness],
    ]) {
      facts.appendChild(element('dt', term));
      facts.appendChild(element('dd', format(value)));
    }
    panel.appendChild(facts);
    panel.appendChild(element('h3', 'map block'));
    panel.appendChild(element('pre', a.block || '(not in the map at this budget)', 'block'));
    panel.appendChild(edgeList('referenced by', edgesOf(node, 'in'), (edge) => edge.source));
    panel.appendChild(edgeList('references', edgesOf(node, 'out'), (edge) => edge.target));
  }

  function select(node) {
    state.selected = node && graph.hasNode(node) ? node : null;
    showPanel(state.selected);
    if (state.selected) {
      const position = renderer.getNodeDisplayData(state.selected);
      renderer.getCamera().animate({ x: position.x, y: position.y, ratio: 0.5 }, { duration: 300 });
    }
    renderer.refresh();
  }

  showPanel(null);
  renderer.on('clickNode', ({ node }) => select(node));
  renderer.on('clickStage', () => select(null));

  const search = document.getElementById('search');
  const status = document.getElementById('search-status');
  search.addEventListener('input', () => {
    const query = search.value.trim().toLowerCase();
    state.matches = new Set(query ? graph.filterNodes((node) => node.toLowerCase().includes(query)) : []);
    status.textContent = query ? `${state.matches.size} match${state.matches.size === 1 ? '' : 'es'}` : '';
    renderer.refresh();
  });
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    const [first] = [...state.matches].sort((a, b) => graph.getNodeAttribute(b, 'rank') - graph.getNodeAttribute(a, 'rank'));
    if (first) select(first);
  });

  const legend = document.getElementById('legend');
  for (const { directory, color } of data.legend) {
    const item = element('li', directory);
    item.style.setProperty('--swatch', color);
    legend.appendChild(item);
  }
  window.repomapGraph = { graph, renderer, select };
  document.body.dataset.ready = 'true';
})();
