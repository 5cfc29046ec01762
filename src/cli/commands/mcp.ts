/**
 * `repomap mcp`: an MCP server on stdio over one live session of the repository, kept current by
 * a watcher (or, where none can run, by a sweep per call). stdout carries protocol messages
 * only; logs go to stderr. Ends cleanly (watcher, session and cache closed) when stdin closes or
 * on SIGINT/SIGTERM.
 */
import { resolveBuildOptions, type RawBuildFlags } from '../../options/build-options.js';
import { RepoSession } from '../../session/repo-session.js';
import { keepCurrent } from '../../watch/keep-current.js';
import { createLogger } from '../output.js';

export async function runMcp(flags: RawBuildFlags): Promise<void> {
  const options = resolveBuildOptions([], flags, process.cwd());
  const log = createLogger(options);
  const { settings } = options;
  const session = await RepoSession.open({ ...settings, onWarning: (message) => log.warn(message) });
  const live = keepCurrent(session, {
    request: options.request,
    exclude: settings.exclude,
    cacheDir: settings.cache?.enabled ? settings.cache.dir : undefined,
    onWarning: (message) => log.warn(message),
  });
  const [{ createMcpServer }, { StdioServerTransport }, { CallTimings }] = await Promise.all([
    import('../../mcp/server.js'),
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('../../mcp/call-timing.js'),
  ]);
  const timings = options.verbose ? new CallTimings((line) => log.verbose(line)) : undefined;
  const server = createMcpServer({
    session,
    defaults: options.request,
    current: (job) => live.current(job),
    cacheStats: () => {
      const stats = session.cacheStatistics();
      return stats && { schema: 'repomap-stats/1', root: session.root, ...stats };
    },
    log: (message) => log.warn(message),
    timings,
  });
  const transport = new StdioServerTransport();
  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (closing ??= (async () => {
      await server.close().catch(() => undefined);
      await live.close();
      await session.close();
    })());
  await new Promise<void>((resolve) => {
    process.stdin.once('end', () => void shutdown().then(resolve));
    process.stdin.once('close', () => void shutdown().then(resolve));
    process.once('SIGTERM', () => void shutdown().then(resolve));
    process.once('SIGINT', () => void shutdown().then(resolve));
    void server.connect(transport).then(() => {
      timings?.instrument(transport);
      log.verbose(`serving ${session.root} over MCP on stdio`);
    });
  });
}
