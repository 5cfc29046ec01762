/** `repomap graph`: flags → validated options → buildRepoMap with the graph → one export format → stdout or --output. */
import path from 'node:path';
import { checkGrammarOverrides } from '../../options/check-grammars.js';
import type { GraphFormat } from '../../options/graph-formats.js';
import { resolveGraphOptions, type RawGraphFlags } from '../../options/graph-options.js';
import { renderGraphPage } from '../../export/graph-page.js';
import { toGraphology } from '../../export/to-graphology.js';
import { writeDot, writeGexf, writeGraphml, writeJson } from '../../export/write-graph.js';
import { buildRepoMap } from '../../session/build-map.js';
import type { BuildMapResult } from '../../session/types.js';
import { createLogger, writeOutput, writeStdout } from '../output.js';

export async function runGraph(paths: string[], flags: RawGraphFlags): Promise<void> {
  const options = resolveGraphOptions(paths, flags, process.cwd());
  await checkGrammarOverrides(options.settings.grammarOverrides);
  const log = createLogger(options);
  const result = await buildRepoMap({ ...options.build, onWarning: (message) => log.warn(message) });
  const text = exportGraph(result, options.format);
  const fileGraph = result.graph!;
  log.verbose(`graph: ${fileGraph.nodes.length} of ${fileGraph.totalNodes} files, ${fileGraph.edges.length} edges, ${text.length} bytes of ${options.format}`);
  if (options.output) {
    await writeOutput(options.output, text);
    log.verbose(`wrote ${options.output.label}`);
  } else {
    await writeStdout(text);
  }
}

function exportGraph(result: BuildMapResult, format: GraphFormat): string {
  const graph = toGraphology(result);
  switch (format) {
    case 'json':
      return writeJson(graph);
    case 'gexf':
      return writeGexf(graph);
    case 'graphml':
      return writeGraphml(graph);
    case 'dot':
      return writeDot(graph);
    case 'html':
      return renderGraphPage(graph, result.graph!, `repomap graph of ${path.basename(result.root)}`);
  }
}
