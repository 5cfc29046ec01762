/**
 * `repomap watch`: flags → a live session → watchRepo; each settled change rewrites --output
 * atomically (or prints the map to stdout followed by a NUL byte) and logs one line. Serves
 * `build` over the cache directory's socket. SIGINT/SIGTERM finish the update in flight, close the
 * socket, the watcher and the database, and exit 0.
 */
import { checkGrammarOverrides } from '../../options/check-grammars.js';
import { parsePositiveInteger, resolveBuildOptions, type RawBuildFlags } from '../../options/build-options.js';
import { PACKAGE_VERSION } from '../../package-root.js';
import { toMapJson } from '../../session/map-json.js';
import type { BuildMapResult, RepoSettings } from '../../session/types.js';
import { RepoSession } from '../../session/repo-session.js';
import { type RepoWatcher, SETTLE_MS, watchRepo, type WatchUpdate } from '../../watch/watch-repo.js';
import { createLogger, isAtomicTemporaryOf, type Logger, stdioFiles, writeOutput, writeStdout } from '../output.js';

/** Written after each map on stdout, so a reader can split the stream (`read -d ''`). */
export const MAP_SEPARATOR = '\0';

export interface RawWatchFlags extends RawBuildFlags {
  settle?: string;
}

export async function runWatch(paths: string[], flags: RawWatchFlags): Promise<void> {
  const options = resolveBuildOptions(paths, flags, process.cwd());
  const settleMs = flags.settle === '0' ? 0 : parsePositiveInteger('--settle', flags.settle, SETTLE_MS);
  await checkGrammarOverrides(options.settings.grammarOverrides);
  const log = createLogger(options);
  const { request } = options;
  const target = options.output;
  const output = target?.kind === 'file' ? target.path : undefined;
  // The watcher keeps its own output out of the map by ignoring its events, not by settings:
  // with the settings of a plain `build`, that build can be answered by this watcher.
  const ownRelPath = target?.kind === 'file' ? target.relPath : undefined;
  const settings = { ...options.settings, excludeDirs: options.settings.excludeDirs?.filter((dir) => dir !== ownRelPath) };
  const cacheDir = settings.cache?.enabled ? settings.cache.dir : undefined;
  const render = (result: BuildMapResult): string =>
    options.format === 'json' ? `${JSON.stringify(toMapJson(result), null, 2)}\n` : result.text;

  const ownFiles = new Set([...(output ? [output] : []), ...stdioFiles()]);
  const session = await RepoSession.open({ ...settings, onWarning: (message) => log.warn(message) });
  const watcher = watchRepo(session, request, {
    exclude: settings.exclude,
    cacheDir,
    settleMs,
    // Writing the map or a log line into the tree must not count as a change (it would never stop).
    isOwnFile: (absPath) => ownFiles.has(absPath) || (output !== undefined && isAtomicTemporaryOf(output, absPath)),
    onWarning: (message) => log.warn(message),
    async onUpdate(update) {
      const text = render(update.result);
      if (target) await writeOutput(target, text);
      else await writeStdout(text + MAP_SEPARATOR);
      log.info(describeUpdate(update, settings.root));
    },
  });

  let server: { close(): Promise<void> } | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await server?.close();
      await watcher.close();
    })());
  const onSignal = (): void => void stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await watcher.ready;
    if (cacheDir && !stopping) server = await startServer(settings, session, watcher, log);
    await watcher.done;
    await stop();
  } finally {
    await server?.close();
    await session.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function startServer(settings: RepoSettings, session: RepoSession, watcher: RepoWatcher, log: Logger): Promise<{ close(): Promise<void> } | undefined> {
  const { serveWatcher } = await import('../../serve/serve-watcher.js');
  try {
    const server = await serveWatcher({
      settings,
      endpoint: {
        map: (request) => watcher.map(request),
        status: () => ({
          pid: process.pid,
          version: PACKAGE_VERSION,
          root: settings.root,
          ...watcher.status,
          rssBytes: process.memoryUsage.rss(),
          index: session.indexSize,
        }),
      },
    });
    log.verbose(`answering builds on ${server.address}`);
    return server;
  } catch (error) {
    log.warn(`not answering builds: ${(error as Error).message}`);
    return undefined;
  }
}

function describeUpdate(update: WatchUpdate, root: string): string {
  const ms = `${Math.round(update.ms)} ms`;
  if (update.initial) return `watching ${root}: ${update.files} files, first map in ${ms}`;
  const { changed, added, removed } = update.changes;
  const parts = [`${changed.length} changed`, added.length ? `${added.length} added` : '', removed.length ? `${removed.length} removed` : ''].filter(Boolean);
  return `${update.files} file${update.files === 1 ? '' : 's'} (${parts.join(', ')}): map updated in ${ms}`;
}
