/**
 * The command-line program: commander setup, one lazily imported module per command (so that
 * e.g. `stats` never loads tree-sitter), and the single error handler that maps errors to exit
 * codes: 0 ok, 1 failure, 2 usage error.
 */
import { Command, CommanderError } from 'commander';
import { RepomapError } from '../errors.js';
import { PACKAGE_VERSION } from '../package-root.js';
import { DEFAULT_GRAPH_TOP } from '../options/graph-options.js';
import { DEFAULT_GRAPH_FORMAT, GRAPH_FORMATS } from '../options/graph-formats.js';
import { addMapOptions, collectList } from './map-options.js';
import { installPipeGuard } from './output.js';
import { applyCliWasmTiering } from '../wasm-tiering.js';
import { SETTLE_MS } from '../watch/watch-timing.js';


const BUILD_EXAMPLES = `
Examples:
  $ repomap build                              map of the repository around the current directory
  $ repomap build --tokens 4096 src lib        a larger map of src/ and lib/ only
  $ repomap build --exclude tests/ --exclude "*_test.go"   leave tests out
  $ repomap build --exclude tests/,docs/ src   map src/ without tests/ and docs/
  $ repomap build --chat src/app.ts            rank for a chat that edits src/app.ts (never shown)
  $ repomap build --prompt "fix the parseArgs crash in cli.py"
  $ repomap build --format json --output map.json
  $ repomap build | llm "where is the config loaded?"
`;


const MCP_HELP = `
Tools: repo_map, find_definition, find_references, file_outline, explain_rank, cache_stats;
resource repomap://map. The map flags above are the defaults of every repo_map call.

Register it with a client, for example:
  $ claude mcp add repomap -- npx repomap mcp --root /path/to/repo
`;

const WATCH_HELP = `
Output: with --output the file is rewritten atomically after each update (readers never see
half a map). Without it every map goes to stdout followed by a NUL byte, so a reader can split
the stream: repomap watch | while IFS= read -r -d '' map; do ...; done
stderr gets one line per update (files changed, milliseconds). While it runs, repomap build
with the same settings is answered by this watcher over a socket in the cache directory.
SIGINT or SIGTERM: the update in flight is finished, everything is closed, exit 0.

Examples:
  $ repomap watch --output .repomap/map.txt &   keep a map file current for an agent
  $ repomap build --chat src/app.ts             answered by the watcher in milliseconds
`;

const GRAPH_EXAMPLES = `
Examples:
  $ repomap graph --format html --output graph.html   an interactive page (opens offline)
  $ repomap graph --format gexf --top 2000 > repo.gexf for Gephi
  $ repomap graph --format dot src | dot -Tsvg > graph.svg
  $ repomap graph --chat src/app.ts --format json     the graph as ranked for that chat
`;

export function createProgram(): Command {
  const program = new Command('repomap')
    .description('A compact, ranked map of a source repository for LLM prompts')
    .version(PACKAGE_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  addMapOptions(
    program
      .command('build')
      .description('print the ranked, token-budgeted map of the repository')
      .argument('[paths...]', 'limit the map to these files or directories'),
  )
    .addHelpText('after', BUILD_EXAMPLES)
    .action(async (paths: string[], flags) => {
      const { runBuild } = await import('./commands/build.js');
      await runBuild(paths, flags);
    });

  addMapOptions(
    program
      .command('watch')
      .description('keep the map current while files change: rewrite --output (or print each map) after every settled change')
      .argument('[paths...]', 'limit the map to these files or directories'),
  )
    .option('--settle <ms>', 'how long file events must pause before the map is updated', String(SETTLE_MS))
    .addHelpText('after', WATCH_HELP)
    .action(async (paths: string[], flags) => {
      const { runWatch } = await import('./commands/watch.js');
      await runWatch(paths, flags);
    });

  addMapOptions(
    program
      .command('graph')
      .description('export the ranked file graph the map uses (JSON, GEXF, GraphML, DOT or an interactive HTML page)')
      .argument('[paths...]', 'limit the graph to these files or directories'),
    { formats: GRAPH_FORMATS, defaultFormat: DEFAULT_GRAPH_FORMAT },
  )
    .option('--top <n>', 'keep the n best-ranked files and the edges among them', String(DEFAULT_GRAPH_TOP))
    .addHelpText('after', GRAPH_EXAMPLES)
    .action(async (paths: string[], flags) => {
      const { runGraph } = await import('./commands/graph.js');
      await runGraph(paths, flags);
    });

  const cacheOptions = (command: Command): Command =>
    command
      .option('--root <dir>', 'repository root (default: the git work tree around the current directory)')
      .option('--cache-dir <dir>', 'where the cache lives (env REPO_MAP_CACHE_DIR; default <root>/.repomap)')
      .option('--json', 'print JSON');

  cacheOptions(program.command('stats').description('show cache entries, sizes, hit rates and the last build'))
    .action(async (flags) => {
      const { runStats } = await import('./commands/stats.js');
      await runStats(flags);
    });

  cacheOptions(
    program
      .command('inspect')
      .description("show what the cache holds for a file (tags, freshness, snippets), or the cached maps")
      .argument('[path]', 'a file of the repository (with --rank, also an identifier)')
      .option('--maps', 'list the cached maps with their size and age')
      .option('--rank', 'explain why a file (or the files defining an identifier) rank where they do, from the last build')
      .option('--chat <files>', 'with --rank: rank as if these files were in the chat (repeatable, or a comma list)', collectList)
      .option('--mention-ident <idents>', 'with --rank: rank as if these identifiers were mentioned (repeatable, or a comma list)', collectList)
      .option('--history', 'with --rank: rank with co-change history, as build --history does (git only)'),
  ).action(async (target: string | undefined, flags) => {
    const { runInspect } = await import('./commands/inspect.js');
    await runInspect(target, flags);
  });

  const cache = program.command('cache').description('manage the cache');
  cacheOptions(cache.command('clear').description('empty the cache')).action(async (flags) => {
    const { runCacheClear } = await import('./commands/cache.js');
    await runCacheClear(flags);
  });
  cacheOptions(cache.command('prune').description('drop cached entries of files that no longer exist')).action(async (flags) => {
    const { runCachePrune } = await import('./commands/cache.js');
    await runCachePrune(flags);
  });

  const remoteOptions = (command: Command): Command =>
    cacheOptions(command)
      .option('--remote <url>', 'the team cache: redis://host:port or rediss:// (env REPO_MAP_CACHE_REMOTE_URL)')
      .option('--remote-namespace <name>', 'team or project name inside the server (env REPO_MAP_CACHE_REMOTE_NAMESPACE)');
  remoteOptions(cache.command('ping').description('check the team cache: round-trip time and server version')).action(async (flags) => {
    const { runCachePing } = await import('./commands/cache.js');
    await runCachePing(flags);
  });
  remoteOptions(cache.command('push').description('upload every local tag entry to the team cache (to seed it)')).action(async (flags) => {
    const { runCachePush } = await import('./commands/cache.js');
    await runCachePush(flags);
  });

  addMapOptions(
    program
      .command('mcp')
      .description('serve the map to coding agents as MCP tools over stdio, from a live session of the repository'),
  )
    .addHelpText('after', MCP_HELP)
    .action(async (flags) => {
      const { runMcp } = await import('./commands/mcp.js');
      await runMcp(flags);
    });

  program
    .command('languages')
    .description('list the languages repomap parses, with their extensions and grammar packages')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const { runLanguages } = await import('./commands/languages.js');
      await runLanguages(flags);
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  applyCliWasmTiering();
  installPipeGuard();
  try {
    await createProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; commander has already printed its message for usage errors.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
    return 2;
  }
  if (error instanceof RepomapError) {
    process.stderr.write(`repomap: ${error.message}\n`);
    return error.exitCode;
  }
  // One line for the user; the stack only on request (REPO_MAP_DEBUG=1), for a bug report.
  const message = error instanceof Error ? error.message : String(error);
  if (process.env.REPO_MAP_DEBUG && error instanceof Error && error.stack) process.stderr.write(`repomap: unexpected error\n${error.stack}\n`);
  else process.stderr.write(`repomap: unexpected error: ${message.split('\n')[0]} (REPO_MAP_DEBUG=1 prints where)\n`);
  return 1;
}
