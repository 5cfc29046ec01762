/** `repomap stats`: the cache's entries, sizes, hit rates and the last build. Loads no parser. */
import { resolveCacheOptions, requireCache, type RawCacheFlags } from '../../options/cache-options.js';
import { askWatcherStatus } from '../../serve/client.js';
import type { WatcherStatusReport } from '../../serve/protocol.js';
import { CacheManager, type RemoteStatistics } from '../../store/cache-manager.js';
import type { RemoteCounterValues } from '../../store/remote/remote-counters.js';
import { formatBytes, formatRate, table } from '../format.js';
import { createLogger, writeStdout } from '../output.js';

export async function runStats(flags: RawCacheFlags): Promise<void> {
  const options = resolveCacheOptions(flags, process.cwd());
  requireCache(options);
  const cache = new CacheManager(options.config, options.root);
  let stats;
  try {
    if (cache.warning) createLogger({ quiet: false, verbose: false }).warn(cache.warning);
    stats = cache.getStatistics();
  } finally {
    cache.close();
  }
  const answer = await askWatcherStatus(options.config.dir);
  const watcher = answer.ok ? answer.value : null;
  if (options.json) {
    await writeStdout(`${JSON.stringify({ schema: 'repomap-stats/1', root: options.root, ...stats, watcher }, null, 2)}\n`);
    return;
  }
  const rows = Object.entries(stats.caches).map(([name, cache]) => [
    name,
    String(cache.entries),
    formatBytes(cache.bytes),
    String(cache.hits),
    String(cache.misses),
    formatRate(cache.hitRate),
    String(cache.evictions),
    `${cache.lastRun.hits}/${cache.lastRun.misses} ${formatRate(cache.lastRun.hitRate)}`,
  ]);
  let text = `cache ${stats.file ?? '(in memory)'}: ${formatBytes(stats.databaseBytes)} of ${formatBytes(stats.sizeCapBytes)}, ${stats.trackedFiles} files tracked`;
  text += stats.snapshot ? `, index snapshot ${formatBytes(stats.snapshot.bytes)}\n\n` : '\n\n';
  text += table(['cache', 'entries', 'size', 'hits', 'misses', 'hit rate', 'evictions', 'last run (hits/misses)'], rows);
  const build = stats.lastBuild;
  if (build) {
    const t = build.timings;
    text += `\nlast build: ${new Date(build.at).toISOString()}, ${build.warm ? 'served warm from the cache' : `cold, ${build.parsed} files parsed`}, ${build.files} files\n`;
    text += `stages: discover ${Math.round(t.discover ?? 0)} ms, parse ${Math.round(t.parse ?? 0)} ms, rank ${Math.round(t.rank ?? 0)} ms, fit ${Math.round(t.fit ?? 0)} ms, render ${Math.round(t.render ?? 0)} ms, total ${Math.round(t.total ?? 0)} ms\n`;
    const languages = Object.entries(build.languages).map(([language, count]) => `${language} ${count}`).join(', ');
    text += `files by language: ${languages || '-'}\n`;
    const skipped = Object.entries(build.skipped).map(([reason, count]) => `${reason} ${count}`).join(', ');
    text += `skipped: ${skipped || 'none'}\n`;
  }
  if (stats.remote) text += describeRemote(stats.remote);
  if (stats.parseTimeouts.length > 0) {
    text += `\nparse timeouts (skipped while their content is unchanged):\n`;
    for (const timeout of stats.parseTimeouts) text += `${timeout.relPath}: over ${timeout.budgetMs} ms, content ${timeout.hash.slice(0, 12)}\n`;
  }
  text += describeWatcher(watcher);
  await writeStdout(text);
}

function describeRemote({ totals, lastRun }: RemoteStatistics): string {
  const line = (values: RemoteCounterValues & { hitRate: number | null }): string =>
    `${values.hits} hits, ${values.misses} misses (${formatRate(values.hitRate)}), ${values.corrupt} corrupt, ${values.errors} errors; ` +
    `${formatBytes(values.bytesIn)} in, ${formatBytes(values.bytesOut)} out (${values.writes} entries); ` +
    `latency ${values.calls === 0 ? '-' : `${(values.latencyMs / values.calls).toFixed(1)} ms`} over ${values.calls} calls`;
  let text = '\n';
  text += lastRun ? `team cache ${lastRun.server ?? '(library store)'} (namespace ${lastRun.namespace}, ${lastRun.mode})\n` : 'team cache\n';
  if (lastRun) text += `  last run: ${line(lastRun)}\n`;
  text += `  total:    ${line(totals)}\n`;
  return text;
}

function describeWatcher(watcher: WatcherStatusReport | null): string {
  if (!watcher) return 'watcher: none running\n';
  const since = new Date(watcher.startedAt).toISOString();
  const last = watcher.lastUpdateAt ? `, last update ${new Date(watcher.lastUpdateAt).toISOString()}` : '';
  return (
    `watcher: running (pid ${watcher.pid}, version ${watcher.version}, since ${since}${watcher.polling ? ', polling' : ''}), ` +
    `${watcher.updates} updates${last}, ${watcher.served} builds served, ${formatBytes(watcher.rssBytes)} resident\n`
  );
}
