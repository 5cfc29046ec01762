/**
 * `repomap build`: flags → validated options → a running watcher's answer, else buildRepoMap →
 * stdout or --output. The pipeline is imported only when no watcher answers.
 */
import { checkGrammarOverrides } from '../../options/check-grammars.js';
import { type BuildCommandOptions, resolveBuildOptions, type RawBuildFlags } from '../../options/build-options.js';
import { askWatcherForMap } from '../../serve/client.js';
import { toMapJson } from '../../session/map-json.js';
import type { BuildMapOptions, BuildMapResult } from '../../session/types.js';
import { createLogger, type Logger, writeOutput, writeStdout } from '../output.js';

/** Skip reasons that are worth a warning; the others (too large, binary) are routine. */
const WARN_REASONS = new Set(['grammar-unavailable', 'unreadable', 'parse-failed']);
/** Redraw the progress line at most this often. */
const PROGRESS_INTERVAL_MS = 100;

export async function runBuild(paths: string[], flags: RawBuildFlags): Promise<void> {
  const options = resolveBuildOptions(paths, flags, process.cwd());
  await checkGrammarOverrides(options.settings.grammarOverrides);
  const log = createLogger(options);
  const answer = await askWatcherForMap(options.settings, options.request);
  if (answer.ok) log.verbose(`answered by the watcher (pid ${answer.pid})`);
  else if (options.settings.cache?.enabled) log.verbose(`building here: ${answer.reason}`);
  const { result, remoteFlushed } = answer.ok ? { result: answer.value, remoteFlushed: undefined } : await buildHere(options, log);
  reportSkipped(result, log);
  reportStats(result, log);
  const empty = explainEmptyMap(result, options.build);
  if (empty) log.info(`empty map: ${empty}`);
  const text = options.format === 'json' ? `${JSON.stringify(toMapJson(result), null, 2)}\n` : result.text;
  if (options.output) {
    await writeOutput(options.output, text);
    log.verbose(`wrote ${options.output.label}`);
  } else {
    await writeStdout(text);
  }
  await remoteFlushed;
}

async function buildHere(options: BuildCommandOptions, log: Logger): Promise<{ result: BuildMapResult; remoteFlushed?: Promise<void> }> {
  const { buildRepoMap } = await import('../../session/build-map.js');
  let lastProgress = 0;
  let remoteFlushed: Promise<void> | undefined;
  const result = await buildRepoMap({
    ...options.build,
    onWarning: (message) => log.warn(message),
    // The map goes out first; the team cache's write-back finishes (within its deadline) after.
    onRemoteFlush: (flushed) => {
      remoteFlushed = flushed;
    },
    onProgress(progress) {
      if (progress.stage === 'wait') {
        log.verbose(`waiting for ${progress.what}`);
        return;
      }
      const { done, total } = progress;
      const now = Date.now();
      if (done !== total && now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      log.progress(`parsing ${done}/${total} files`);
    },
  });
  log.endProgress();
  return { result, remoteFlushed };
}

/** Why a map came out empty, from what the build counted; undefined when it is not empty. */
function explainEmptyMap(result: BuildMapResult, build: BuildMapOptions): string | undefined {
  if (result.text.trim() !== '') return undefined;
  const { stats } = result;
  if (stats.discovered === 0) {
    if (build.exclude && build.exclude.length > 0) return `every file under ${result.root} was left out by --exclude ${build.exclude.join(',')}`;
    return `no files found under ${result.root}${result.skipped.length > 0 ? ` (${result.skipped.length} skipped: run with --verbose)` : ''}`;
  }
  if (stats.tagged === 0) {
    const limits = build.paths && build.paths.length > 0 ? ` in ${build.paths.join(', ')}` : '';
    return `no parseable files${limits}: ${stats.discovered} files found, none in a language repomap parses (see repomap languages)`;
  }
  if (stats.rankedEntries === 0) return 'nothing to show: every parsed file is in the chat (chat files are never shown)';
  return `the budget of ${result.budget} tokens is smaller than the first entry of the map; raise --tokens`;
}

function reportSkipped(result: BuildMapResult, log: Logger): void {
  const byReason = new Map<string, number>();
  for (const skip of result.skipped) byReason.set(skip.reason, (byReason.get(skip.reason) ?? 0) + 1);
  const summary = [...byReason].map(([reason, count]) => `${count} ${reason}`).join(', ');
  if (summary) log.verbose(`skipped ${result.skipped.length} files: ${summary}`);
  const grammarFailures = new Map<string, number>();
  for (const skip of result.skipped) {
    if (!WARN_REASONS.has(skip.reason)) continue;
    if (skip.reason === 'grammar-unavailable') {
      grammarFailures.set(skip.detail ?? '', (grammarFailures.get(skip.detail ?? '') ?? 0) + 1);
    } else {
      log.warn(`${skip.relPath}: skipped (${skip.reason}${skip.detail ? `: ${skip.detail}` : ''})`);
    }
  }
  // One line per broken grammar, however many files it costs.
  for (const [detail, count] of grammarFailures) log.warn(`${detail} (${count} file${count === 1 ? '' : 's'} skipped)`);
}

function reportStats(result: BuildMapResult, log: Logger): void {
  const { stats } = result;
  const t = stats.timings;
  const ms = (value: number): string => `${Math.round(value)} ms`;
  log.verbose(
    `${stats.discovered} files, ${stats.tagged} tagged, ${stats.definitions} definitions, ${stats.graphNodes} graph nodes; ` +
      `map: ${stats.mapEntries} of ${stats.rankedEntries} entries, ${result.tokens}/${result.budget} tokens (${result.tokenizer})`,
  );
  log.verbose(
    stats.warm
      ? `served from the cache (${stats.rehashed} files re-hashed)`
      : `parsed ${stats.parsed} files, ${stats.fromCache} from the cache, ${stats.rehashed} re-hashed`,
  );
  log.verbose(
    `timings: discover ${ms(t.discover)}, parse ${ms(t.parse)}, rank ${ms(t.rank)}, fit ${ms(t.fit)}, render ${ms(t.render)}, total ${ms(t.total)}` +
      `; pagerank ${stats.pagerankIterations} iterations${stats.pagerankConverged ? '' : ' (not converged: last iterate used)'}`,
  );
}
