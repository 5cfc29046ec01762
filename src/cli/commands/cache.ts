/**
 * `repomap cache clear|prune|ping|push`: empty the cache, drop what belongs to deleted files,
 * check the team cache's connection, or upload every local tag entry to it.
 */
import { existsSync } from 'node:fs';
import { RepomapError, UsageError } from '../../errors.js';
import { resolveCacheOptions, requireCache, type CacheCommandOptions, type RawCacheFlags } from '../../options/cache-options.js';
import type { RemoteConfig } from '../../store/cache-config.js';
import { CircuitBreaker } from '../../store/remote/circuit-breaker.js';
import { formatBytes } from '../format.js';
import { toAbsPath } from '../../paths.js';
import { CacheManager } from '../../store/cache-manager.js';
import { writeStdout } from '../output.js';

export async function runCacheClear(flags: RawCacheFlags): Promise<void> {
  const options = resolveCacheOptions(flags, process.cwd());
  requireCache(options);
  const cache = new CacheManager(options.config, options.root);
  try {
    const removed = cache.clear();
    await writeStdout(
      options.json
        ? `${JSON.stringify({ schema: 'repomap-cache-clear/1', removed })}\n`
        : `cleared: ${removed.tags} tag entries, ${removed.trees} tree entries, ${removed.maps} maps, ${removed.files} file records, ${removed.quarantined} quarantined databases\n`,
    );
  } finally {
    cache.close();
  }
}

export async function runCachePrune(flags: RawCacheFlags): Promise<void> {
  const options = resolveCacheOptions(flags, process.cwd());
  requireCache(options);
  const cache = new CacheManager(options.config, options.root);
  try {
    const pruned = cache.prune((relPath) => existsSync(toAbsPath(options.root, relPath)));
    if (options.json) {
      await writeStdout(`${JSON.stringify({ schema: 'repomap-cache-prune/1', ...pruned })}\n`);
      return;
    }
    let text = `pruned ${pruned.files.length} deleted files: ${pruned.tags} tag entries, ${pruned.trees} tree entries, ${pruned.maps} maps\n`;
    for (const relPath of pruned.files) text += `  ${relPath}\n`;
    await writeStdout(text);
  } finally {
    cache.close();
  }
}

/** The team cache's settings, or a usage error when none is configured. */
function requireRemote(options: CacheCommandOptions): RemoteConfig {
  const remote = options.config.remote;
  if (!remote) throw new UsageError('no team cache configured: pass --remote <url> or set REPO_MAP_CACHE_REMOTE_URL');
  return remote;
}

export async function runCachePing(flags: RawCacheFlags): Promise<void> {
  const options = resolveCacheOptions(flags, process.cwd());
  const remote = requireRemote(options);
  const { RedisRemoteStore } = await import('../../store/remote/redis-remote-store.js');
  const store = new RedisRemoteStore({ url: remote.url, password: remote.password, connectTimeoutMs: remote.connectTimeoutMs });
  const breaker = new CircuitBreaker();
  try {
    const ping = await breaker.call('ping', remote.connectTimeoutMs + 2 * remote.timeoutMs, () => store.ping());
    if (!ping) throw new RepomapError(`${remote.describe()}: ${breaker.firstFailure}`);
    if (options.json) {
      await writeStdout(`${JSON.stringify({ schema: 'repomap-cache-ping/1', ...remote.toJSON(), ...ping })}\n`);
    } else {
      await writeStdout(`${remote.describe()}: ${ping.server}, round trip ${ping.rttMs.toFixed(2)} ms\n`);
    }
  } finally {
    await store.close();
  }
}

/** Long enough to upload a large repository's tags (~60k entries) over a slow link. */
const PUSH_DEADLINE_MS = 10 * 60 * 1000;

export async function runCachePush(flags: RawCacheFlags): Promise<void> {
  const options = resolveCacheOptions(flags, process.cwd());
  const remote = requireRemote(options);
  requireCache(options);
  const cache = new CacheManager(options.config, options.root);
  const { RemoteTier } = await import('../../session/remote-tier.js');
  const tier = await RemoteTier.open(remote.withMode('write'), undefined);
  try {
    for (const entries of cache.tags.entries()) tier!.queueTags(entries);
    await tier!.flush(PUSH_DEADLINE_MS);
  } finally {
    cache.close();
  }
  if (tier!.failure) throw new RepomapError(`${remote.describe()}: ${tier!.failure}`);
  const { writes, bytesOut } = tier!.counters;
  await writeStdout(
    options.json
      ? `${JSON.stringify({ schema: 'repomap-cache-push/1', ...remote.toJSON(), tags: writes, bytes: bytesOut })}\n`
      : `pushed ${writes} tag entries (${formatBytes(bytesOut)}) to ${remote.describe()}, namespace ${remote.namespace}\n`,
  );
}
