/**
 * Cache settings with one precedence: command-line flags, then REPO_MAP_* environment
 * variables, then defaults (SPEC B1). Validated here, before any work starts.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { DEFAULT_NAMESPACE, NAMESPACE_PATTERN } from './remote/remote-keys.js';
import { REMOTE_MODES, type RemoteMode } from './remote/remote-store.js';

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

/** Unused remote entries age out after this many days; every read starts the period again. */
export const DEFAULT_REMOTE_TTL_DAYS = 30;
/**
 * A pipelined batch of ~500 keys answers in ~10-30 ms on a LAN; hundreds of ms means the server
 * is paused or overloaded, and waiting longer would make the build slower than parsing.
 */
export const DEFAULT_REMOTE_TIMEOUT_MS = 300;
/** A TCP (and TLS) connection to a reachable server is made well within this. */
export const DEFAULT_REMOTE_CONNECT_TIMEOUT_MS = 500;

/**
 * The team cache's settings. The URL and password are secrets: they are never part of a message
 * or of JSON (toJSON and describe give the host and port only).
 */
export class RemoteConfig {
  constructor(
    readonly url: string,
    readonly password: string | undefined,
    readonly mode: RemoteMode,
    readonly namespace: string,
    readonly ttlDays: number,
    readonly timeoutMs: number,
    readonly connectTimeoutMs: number,
  ) {}

  withMode(mode: RemoteMode): RemoteConfig {
    return new RemoteConfig(this.url, this.password, mode, this.namespace, this.ttlDays, this.timeoutMs, this.connectTimeoutMs);
  }

  /** `redis://host:port` without user or password. */
  describe(): string {
    const url = new URL(this.url);
    return `${url.protocol}//${url.host}`;
  }

  toJSON(): Record<string, unknown> {
    return { server: this.describe(), mode: this.mode, namespace: this.namespace, ttlDays: this.ttlDays, timeoutMs: this.timeoutMs };
  }
}

export interface RemoteFlags {
  remote?: string | false;
  remoteMode?: string;
  remoteNamespace?: string;
  remoteTtl?: string;
}

/** Just the remote flags of a bag of raw flags. */
export function remoteFlags(flags: RemoteFlags): RemoteFlags {
  return { remote: flags.remote, remoteMode: flags.remoteMode, remoteNamespace: flags.remoteNamespace, remoteTtl: flags.remoteTtl };
}

function parseRemoteUrl(source: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value may hold a password: never repeat it.
    throw new UsageError(`${source}: not a URL; expected redis://[user:password@]host:port or rediss://…`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UsageError(`${source}: unsupported scheme '${url.protocol}'; expected redis:// or rediss://`);
  }
  return value;
}

/** The remote settings from flags over the environment, or undefined when no URL is set. */
export function remoteConfigFrom(flags: RemoteFlags, env: NodeJS.ProcessEnv): RemoteConfig | undefined {
  if (flags.remote === false) return undefined;
  const envUrl = env.REPO_MAP_CACHE_REMOTE_URL?.trim();
  const url = flags.remote ? parseRemoteUrl('--remote', flags.remote) : envUrl ? parseRemoteUrl('REPO_MAP_CACHE_REMOTE_URL', envUrl) : undefined;
  if (!url) return undefined;
  const pick = (flag: string, value: string | undefined, name: string): [string, string] | undefined =>
    value !== undefined ? [flag, value] : env[name] ? [name, env[name]!] : undefined;
  const mode = pick('--remote-mode', flags.remoteMode, 'REPO_MAP_CACHE_REMOTE_MODE');
  if (mode && !(REMOTE_MODES as readonly string[]).includes(mode[1])) {
    throw new UsageError(`${mode[0]}: unknown remote mode '${mode[1]}'; expected ${REMOTE_MODES.join(', ')}`);
  }
  const namespace = pick('--remote-namespace', flags.remoteNamespace, 'REPO_MAP_CACHE_REMOTE_NAMESPACE');
  if (namespace && !NAMESPACE_PATTERN.test(namespace[1])) {
    throw new UsageError(`${namespace[0]}: expected 1-64 letters, digits, '.', '_' or '-', got '${namespace[1]}'`);
  }
  const ttl = pick('--remote-ttl', flags.remoteTtl, 'REPO_MAP_CACHE_REMOTE_TTL_DAYS');
  const timeout = env.REPO_MAP_CACHE_REMOTE_TIMEOUT_MS;
  const connectTimeout = env.REPO_MAP_CACHE_REMOTE_CONNECT_TIMEOUT_MS;
  return new RemoteConfig(
    url,
    env.REPO_MAP_CACHE_REMOTE_PASSWORD || undefined,
    (mode?.[1] as RemoteMode | undefined) ?? 'readwrite',
    namespace?.[1] ?? DEFAULT_NAMESPACE,
    ttl ? positiveNumber(ttl[0], ttl[1]) : DEFAULT_REMOTE_TTL_DAYS,
    timeout ? positiveNumber('REPO_MAP_CACHE_REMOTE_TIMEOUT_MS', timeout) : DEFAULT_REMOTE_TIMEOUT_MS,
    connectTimeout ? positiveNumber('REPO_MAP_CACHE_REMOTE_CONNECT_TIMEOUT_MS', connectTimeout) : DEFAULT_REMOTE_CONNECT_TIMEOUT_MS,
  );
}

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
  /** The team cache below the local one (SPEC B7); absent: none. */
  remote?: RemoteConfig;
}

export interface CacheFlags extends RemoteFlags {
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
  readonly remote: RemoteConfig | undefined;

  constructor(fields: CacheConfigFields) {
    this.enabled = fields.enabled;
    this.dir = fields.dir;
    this.dirConfigured = fields.dirConfigured;
    this.sizeMb = fields.sizeMb;
    this.l1Size = fields.l1Size;
    this.refresh = fields.refresh;
    this.busyTimeoutMs = fields.busyTimeoutMs;
    this.remote = fields.remote;
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
      remote: remoteConfigFrom(flags, env),
    });
  }

  /** Defaults for a root, for library callers that want no environment lookups. */
  static defaults(root: string): CacheConfig {
    return CacheConfig.fromEnv(root, {}, {});
  }
}
