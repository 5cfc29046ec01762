/**
 * The graphology packages this project uses, loaded in one place. They are CommonJS modules
 * whose declarations say `export default`, which TypeScript under NodeNext reads as a `.default`
 * property that does not exist at run time; requiring them here gives the real functions their
 * declared types (the declared function is `.default.default` of such a module's namespace type).
 * Only the graph export loads this module (never `repomap build`).
 */
import { createRequire } from 'node:module';
import type * as betweennessModule from 'graphology-metrics/centrality/betweenness.js';
import type * as pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import type * as weightedDegreeModule from 'graphology-metrics/node/weighted-degree.js';
import type * as forceAtlas2Module from 'graphology-layout-forceatlas2';
import type * as gexfModule from 'graphology-gexf';
import type * as graphmlModule from 'graphology-graphml';

const require = createRequire(import.meta.url);

export const betweenness = require('graphology-metrics/centrality/betweenness') as typeof betweennessModule.default.default;
export const pagerank = require('graphology-metrics/centrality/pagerank') as typeof pagerankModule.default.default;
export const { weightedInDegree, weightedOutDegree } = require('graphology-metrics/node/weighted-degree') as typeof weightedDegreeModule;
export const forceAtlas2 = require('graphology-layout-forceatlas2') as typeof forceAtlas2Module.default.default;
export const gexf = require('graphology-gexf') as typeof gexfModule;
export const graphml = require('graphology-graphml') as typeof graphmlModule;
