/**
 * Cache settings with one precedence: command-line flags, then REPO_MAP_* environment
 * variables, then defaults (SPEC B1). Validated here, before any work starts.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';

export const REFRESH_MODES = ['auto', 'files', 'manual', 'always'] as const;
export type RefreshMode = (typeof REFRESH_MODES)[number];

export const DEFAULT_CACHE_SIZE_MB = 200;
export const DEFAULT_L1_SIZE = 1000;
/**
 * How long a writer waits for another process's transaction before the store gives up writing
 * for this run (REPO_MAP_CACHE_BUSY_TIMEOUT_MS): long enough for any build's commit to finish.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;
/** The cache directory inside the repository root when none is configured. */
export const DEFAULT_CACHE_DIRNAME = '.repomap';

export interface CacheConfigFields {
  /** Absent: caching is off (`--no-cache`). */
  enabled: boolean;
  /** Absolute directory holding the database. */
  dir: string;
  /** True when the directory was configured (flag or env) rather than defaulted into the root. */
  dirConfigured: boolean;
  sizeMb: number;
  l1Size: number;
  refresh: RefreshMode;
  busyTimeoutMs: number;
}

export interface CacheFlags {
  cacheDir?: string;
  cache?: boolean;
  refresh?: string;
}

function positiveNumber(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`${name}: expected a positive number, got '${value}'`);
  return number;
}

export function parseRefreshMode(source: string, value: string): RefreshMode {
  if (!(REFRESH_MODES as readonly string[]).includes(value)) {
    throw new UsageError(`${source}: unknown refresh mode '${value}'; expected ${REFRESH_MODES.join(', ')}`);
  }
  return value as RefreshMode;
}

export class CacheConfig implements CacheConfigFields {
  readonly enabled: boolean;
  readonly dir: string;
  readonly dirConfigured: boolean;
  readonly sizeMb: number;
  readonly l1Size: number;
  readonly refresh: RefreshMode;
  readonly busyTimeoutMs: number;

  constructor(fields: CacheConfigFields) {
    this.enabled = fields.enabled;
    this.dir = fields.dir;
    this.dirConfigured = fields.dirConfigured;
    this.sizeMb = fields.sizeMb;
    this.l1Size = fields.l1Size;
    this.refresh = fields.refresh;
    this.busyTimeoutMs = fields.busyTimeoutMs;
  }

  /** Settings for a repository root from flags over the environment over defaults. */
  static fromEnv(root: string, flags: CacheFlags = {}, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): CacheConfig {
    const envDir = env.REPO_MAP_CACHE_DIR?.trim();
    const dirSetting = flags.cacheDir ?? (envDir || undefined);
    const sizeMb = env.REPO_MAP_CACHE_SIZE_MB ? positiveNumber('REPO_MAP_CACHE_SIZE_MB', env.REPO_MAP_CACHE_SIZE_MB) : DEFAULT_CACHE_SIZE_MB;
    const l1Size = env.REPO_MAP_CACHE_L1_SIZE
      ? Math.floor(positiveNumber('REPO_MAP_CACHE_L1_SIZE', env.REPO_MAP_CACHE_L1_SIZE))
      : DEFAULT_L1_SIZE;
    const busyTimeoutMs = env.REPO_MAP_CACHE_BUSY_TIMEOUT_MS
      ? Math.floor(positiveNumber('REPO_MAP_CACHE_BUSY_TIMEOUT_MS', env.REPO_MAP_CACHE_BUSY_TIMEOUT_MS))
      : DEFAULT_BUSY_TIMEOUT_MS;
    const refresh =
      flags.refresh !== undefined
        ? parseRefreshMode('--refresh', flags.refresh)
        : env.REPO_MAP_CACHE_REFRESH_MODE
          ? parseRefreshMode('REPO_MAP_CACHE_REFRESH_MODE', env.REPO_MAP_CACHE_REFRESH_MODE)
          : 'auto';
    return new CacheConfig({
      enabled: flags.cache !== false,
      dir: dirSetting ? path.resolve(cwd, dirSetting) : path.join(root, DEFAULT_CACHE_DIRNAME),
      dirConfigured: dirSetting !== undefined,
      sizeMb,
      l1Size,
      refresh,
      busyTimeoutMs,
    });
  }

  /** Defaults for a root, for library callers that want no environment lookups. */
  static defaults(root: string): CacheConfig {
    return CacheConfig.fromEnv(root, {}, {});
  }
}
