/**
 * Lint rules: typescript-eslint's recommended set, plus the house dependency rules as
 * `no-restricted-imports` per folder, and no `console` outside `src/cli/` (only the CLI prints).
 *
 * Allowed import directions (data flows discovery → tags → graph → render):
 *   leaves     src/*.ts (errors, types, paths, languages, …): other leaves only.
 *   discovery, tags, graph, store: leaves only, never each other; they exchange records from
 *              types.ts. Only store/ touches SQLite (or Redis, under store/remote/), only tags/
 *              parses (render/ may walk a tree it is handed, via tags/walk-tree).
 *   render     leaves and tags/ (tree walking); no graph, store or session.
 *   options    leaves and the stages' option types and defaults; never session at run time
 *              (types only), never cli or the front ends.
 *   session    everything below it; never cli or a front end. The one place that composes the
 *              caches with the pure stages.
 *   watch/, serve/, mcp/ (front ends beside cli/): session, options, discovery (the ignore
 *              rules), leaves; never cli, and never a pure stage's internals to compose caches.
 *   cli        anything below; commands never import each other.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const STAGES = ['discovery', 'tags', 'graph', 'render', 'store'];
const FRONT_ENDS = ['cli', 'watch', 'serve', 'mcp'];

/** A `patterns` entry forbidding imports of the named src/ folders from a file at any depth. */
function folders(names, message, allowTypeImports = false) {
  return { group: names.flatMap((name) => [`./${name}/*`, `../${name}/*`, `../../${name}/*`, `../../../${name}/*`]), message, allowTypeImports };
}

const restrict = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });
const notOtherStages = (own) =>
  folders(STAGES.filter((stage) => stage !== own), 'stages exchange plain records from types.ts and never import each other; compose them in session/');
const notUpward = folders(['session', 'options', ...FRONT_ENDS], 'a stage must not depend on the layers that use it');
const packagesOnlyIn = (names, home) => ({ group: names, message: `only ${home} may use this package` });

const TERMINAL = (message) => ['stdout', 'stderr'].map((property) => ({ object: 'process', property, message }));

/** Node's globals for the plain .mjs scripts (TypeScript files get them from @types/node). */
const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'structuredClone'].map(
    (name) => [name, 'readonly'],
  ),
);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'fixtures/', '.repomap/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: NODE_GLOBALS } },

  // Only the CLI prints; everything else reports through return values and callbacks. Within
  // the CLI, commands print through output.ts (the pipe guard, atomic files, --quiet).
  { files: ['src/**/*.ts'], rules: { 'no-console': 'error', 'no-restricted-properties': ['error', ...TERMINAL('only cli/ prints')] } },
  { files: ['src/cli/**/*.ts'], rules: { 'no-console': 'off', 'no-restricted-properties': 'off' } },
  { files: ['src/cli/commands/**/*.ts'], rules: { 'no-restricted-properties': ['error', ...TERMINAL('commands print through ../output.ts')] } },

  {
    files: ['src/*.ts'],
    ignores: ['src/index.ts'],
    rules: restrict(folders([...STAGES, 'session', 'options', ...FRONT_ENDS], 'shared leaves import only other leaves')),
  },
  { files: ['src/discovery/**/*.ts'], rules: restrict(notOtherStages('discovery'), notUpward) },
  {
    files: ['src/tags/**/*.ts'],
    rules: restrict(notOtherStages('tags'), notUpward, packagesOnlyIn(['better-sqlite3', 'ioredis', 'lru-cache'], 'store/')),
  },
  {
    files: ['src/graph/**/*.ts'],
    rules: restrict(notOtherStages('graph'), notUpward, packagesOnlyIn(['better-sqlite3', 'ioredis', 'lru-cache', 'web-tree-sitter'], 'store/ and tags/')),
  },
  {
    files: ['src/render/**/*.ts'],
    rules: restrict(
      folders(['discovery', 'graph', 'store'], 'render knows nothing of discovery, the graph or SQLite; it is handed records'),
      notUpward,
      packagesOnlyIn(['better-sqlite3', 'ioredis', 'lru-cache'], 'store/'),
    ),
  },
  { files: ['src/store/**/*.ts'], rules: restrict(notOtherStages('store'), notUpward, packagesOnlyIn(['web-tree-sitter'], 'tags/')) },
  {
    files: ['src/options/**/*.ts'],
    rules: restrict(
      folders(['session'], 'options validate input before any work starts; they may name session types, not run a session', true),
      folders(FRONT_ENDS, 'options serve the front ends, not the other way round'),
    ),
  },
  { files: ['src/session/**/*.ts'], rules: restrict(folders(FRONT_ENDS, 'the session is driven by front ends and never knows them')) },
  {
    files: ['src/watch/**/*.ts', 'src/serve/**/*.ts', 'src/mcp/**/*.ts'],
    rules: restrict(
      folders(['cli'], 'front ends are siblings of the CLI and do not import it'),
      folders(['tags', 'graph', 'render', 'store'], 'front ends drive a session; only session/ composes caches with the stages', true),
    ),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(folders(['tags', 'graph', 'render', 'discovery'], 'commands are thin: parse, options, a session or cache call, report', true)),
  },
  {
    files: ['src/cli/commands/*.ts'],
    rules: restrict(
      { group: ['./*'], message: 'commands never import each other; shared setup lives in options/ or session/' },
      folders(['tags', 'graph', 'render', 'discovery'], 'commands are thin: parse, options, a session or cache call, report', true),
    ),
  },

  // Destructuring a field away (`{ block: _block, ...rest }`) is how a field is dropped.
  { files: ['**/*.ts'], rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }] } },

  // Matching control characters is the point here: paths holding them are shown quoted.
  { files: ['src/render/render-map.ts'], rules: { 'no-control-regex': 'off' } },
);
