/** The export formats of `repomap graph`, a leaf the command line can load at start-up cheaply. */
export const GRAPH_FORMATS = ['json', 'gexf', 'graphml', 'dot', 'html'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];
/** graphology's own serialization: the lossless one, and plain JSON for scripts. */
export const DEFAULT_GRAPH_FORMAT: GraphFormat = 'json';
