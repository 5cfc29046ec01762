/** Root and cache settings for the cache commands (stats, inspect, cache), validated up front. */
import { existsSync, statSync } from 'node:fs';
import { RepomapError } from '../errors.js';
import { CacheConfig, remoteFlags, type RemoteFlags } from '../store/cache-config.js';
import { databaseFile } from '../store/database.js';
import { resolveRoot } from './resolve-root.js';

export interface RawCacheFlags extends RemoteFlags {
  root?: string;
  cacheDir?: string;
  json?: boolean;
}

export interface CacheCommandOptions {
  root: string;
  config: CacheConfig;
  json: boolean;
}

export function resolveCacheOptions(flags: RawCacheFlags, cwd: string): CacheCommandOptions {
  const root = resolveRoot(flags.root, cwd);
  const config = CacheConfig.fromEnv(root, { ...remoteFlags(flags), cacheDir: flags.cacheDir }, process.env, cwd);
  return { root, config, json: flags.json ?? false };
}

/** The cache commands read an existing cache; they never create one. */
export function requireCache(options: CacheCommandOptions): void {
  const dirStats = statSync(options.config.dir, { throwIfNoEntry: false });
  if (dirStats && !dirStats.isDirectory()) {
    throw new RepomapError(`${options.config.dir}: the cache directory is not a directory (remove it, or set --cache-dir to another directory)`);
  }
  const file = databaseFile(options.config, options.root);
  if (!existsSync(file)) throw new RepomapError(`${file}: no cache yet (run repomap build first)`);
}
