/**
 * The remote tier as a build uses it (SPEC B7): below the TagCache, fetch the tags of files the
 * local caches lack in pipelined batches; queue what was parsed for writing back in batches
 * while the build goes on; share finished maps whose key is content-addressed; flush the writes
 * within a deadline. Every call goes through a circuit breaker with a timeout, so a remote that
 * is down, slow, full or lying never changes the map or the exit code: it only stops helping.
 * Nothing written here names a local path.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PACKAGE_VERSION } from '../package-root.js';
import type { CacheManager } from '../store/cache-manager.js';
import { isMapResultJson, type MapCache, type MapCacheKey } from '../store/map-cache.js';
import { DEFAULT_REMOTE_CONNECT_TIMEOUT_MS, DEFAULT_REMOTE_TIMEOUT_MS, type RemoteConfig } from '../store/cache-config.js';
import { CircuitBreaker } from '../store/remote/circuit-breaker.js';
import { emptyRemoteCounters, type RemoteCounterValues } from '../store/remote/remote-counters.js';
import { DEFAULT_NAMESPACE, remoteKey } from '../store/remote/remote-keys.js';
import { canRead, canWrite, type RemoteEntry, type RemoteMode, type RemoteStore } from '../store/remote/remote-store.js';
import { decodeValue, encodeValue } from '../store/remote/value-codec.js';
import { tagKeyString, type TagCache, type TagKey } from '../store/tag-cache.js';
import type { BuildMapResult } from './types.js';

/**
 * Keys per pipelined round trip: large enough that loopback latency is amortized (~0.5 MB of
 * values), small enough that one batch answers well within the per-call timeout.
 */
export const REMOTE_BATCH_KEYS = 500;
/** Batches in flight at once: the server answers one while the next is on the wire. */
const REMOTE_PARALLEL_BATCHES = 4;
/** Pending write-back is given this long after the map is out; then the rest is dropped. */
export const REMOTE_FLUSH_DEADLINE_MS = 3000;
const MS_PER_DAY = 24 * 60 * 60 * 1000;
/**
 * Allowed on top of the connect timeout for the store's worker thread to start and load its
 * client (~0.3 s idle, seconds on a loaded machine). A server that is down or paused is caught
 * by the connect timeout or the PING, not by this.
 */
const STORE_START_ALLOWANCE_MS = 5000;

export interface RemoteTierOptions {
  mode: RemoteMode;
  namespace: string;
  ttlMs: number;
  timeoutMs: number;
  /** Called once, with the first failure (never with a secret). */
  onWarning?(message: string): void;
  /** How the server is named in the warning (host and port, never credentials). */
  describe?: string;
}

export class RemoteTier {
  readonly counters: RemoteCounterValues = emptyRemoteCounters();
  private readonly breaker: CircuitBreaker;
  private queued: RemoteEntry[] = [];
  /** Full batches waiting for a free slot, and the number of writes on the wire. */
  private readonly outbox: RemoteEntry[][] = [];
  private writing = 0;
  private drained: (() => void) | undefined;
  private closed = false;
  /** The startup check; every call waits for it (see start). */
  private startup: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: RemoteStore,
    readonly options: RemoteTierOptions,
  ) {
    this.breaker = new CircuitBreaker((message) =>
      options.onWarning?.(`the team cache${options.describe ? ` at ${options.describe}` : ''} is unavailable (${message}); building without it`),
    );
  }

  /** A tier on the configured server, or on `store` (a library user's) with the config's or default settings. */
  static async open(config: RemoteConfig | undefined, store: RemoteStore | undefined, onWarning?: (message: string) => void): Promise<RemoteTier | undefined> {
    if (!config && !store) return undefined;
    let remote = store;
    if (!remote) {
      const { ThreadedRemoteStore } = await import('../store/remote/threaded-remote-store.js');
      remote = new ThreadedRemoteStore({ url: config!.url, password: config!.password, connectTimeoutMs: config!.connectTimeoutMs });
    }
    const tier = new RemoteTier(remote, {
      mode: config?.mode ?? 'readwrite',
      namespace: config?.namespace ?? DEFAULT_NAMESPACE,
      ttlMs: (config?.ttlDays ?? 30) * MS_PER_DAY,
      timeoutMs: config?.timeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS,
      onWarning,
      describe: config?.describe(),
    });
    // The Redis store enforces the connect timeout itself, on its worker thread (whose timers are
    // never late); here it only bounds a store that never answers, however slow its start.
    tier.start(config ? config.connectTimeoutMs + STORE_START_ALLOWANCE_MS : DEFAULT_REMOTE_CONNECT_TIMEOUT_MS);
    // One turn of the event loop, so that the connection is on its way (its TCP handshake then
    // completes while this thread discovers and hashes files).
    await new Promise<void>((resolve) => setImmediate(resolve));
    return tier;
  }

  /**
   * The startup check: connect (within the connect timeout) and PING (within the call timeout),
   * running while the caller discovers the repository. If either fails, the breaker opens for
   * the whole run at once (one warning): a stopped or paused server costs at most one timeout,
   * and no build call ever waits on it.
   */
  private start(connectTimeoutMs: number): void {
    const store = this.store;
    this.startup = (async () => {
      const connected = store.connect ? await this.call('connect', async () => { await store.connect!(); return true; }, { timeoutMs: connectTimeoutMs, startup: true }) : true;
      const pinged = connected && (await this.call('ping', async () => store.ping(), { startup: true }));
      if (!pinged) this.breaker.open('startup check failed');
    })();
  }

  get mode(): RemoteMode {
    return this.options.mode;
  }

  /** The tags of the keys the remote holds, keyed by tagKeyString; nothing in `write` mode. */
  async fetchTags(keys: readonly TagKey[]): Promise<Map<string, string>> {
    const byRemote = new Map(keys.map((key) => [this.tagsKey(key), tagKeyString(key)]));
    const found = await this.fetch([...byRemote.keys()]);
    return new Map([...found].map(([key, data]) => [byRemote.get(key)!, data]));
  }

  /** Queues parsed tags (encoded with encodeTags) for writing; full batches go out at once. */
  queueTags(entries: ReadonlyArray<TagKey & { data: string }>): void {
    for (const entry of entries) this.queue(this.tagsKey(entry), entry.data);
  }

  /** A finished map stored under a content-addressed map key, as JSON without the local root. */
  async fetchMap(mapKeyId: string, version: string): Promise<string | undefined> {
    const key = remoteKey(this.options.namespace, 'map', version, mapKeyId);
    return (await this.fetch([key])).get(key);
  }

  queueMap(mapKeyId: string, version: string, json: string): void {
    this.queue(remoteKey(this.options.namespace, 'map', version, mapKeyId), json);
  }

  /**
   * Takes the team-wide lock on a batch of work; true when this build holds it, or when the
   * remote cannot tell (no locking support, read-only mode, unavailable): then nobody waits.
   */
  async claimLock(name: string, ttlMs: number): Promise<boolean> {
    const store = this.store;
    if (!store.setIfAbsent || !canRead(this.options.mode) || !canWrite(this.options.mode)) return true;
    const claimed = await this.call('lock', () => store.setIfAbsent!(this.lockKey(name), this.owner, ttlMs));
    return claimed !== false;
  }

  /** True while another build holds the lock (false when unknown: never wait on a broken remote). */
  async isLockHeld(name: string): Promise<boolean> {
    const values = await this.call('lock', () => this.store.getMany([this.lockKey(name)]));
    return values?.has(this.lockKey(name)) ?? false;
  }

  async releaseLock(name: string): Promise<void> {
    const store = this.store;
    if (!store.deleteIfEquals || this.breaker.isOpen) return;
    await this.call('lock', () => store.deleteIfEquals!(this.lockKey(name), this.owner));
  }

  /** Sends what is queued and waits for every write up to `deadlineMs`, then closes the connection. */
  async flush(deadlineMs = REMOTE_FLUSH_DEADLINE_MS): Promise<void> {
    if (this.closed) return;
    this.send();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadlineMs);
    });
    const drained = new Promise<void>((resolve) => {
      this.drained = resolve;
      this.pump();
    });
    await Promise.race([drained, deadline]);
    clearTimeout(timer);
    this.closed = true;
    await this.store.close().catch(() => undefined);
  }

  /** The first failure, if the remote failed (for commands that must report it). */
  get failure(): string | undefined {
    return this.breaker.firstFailure;
  }

  /** Looks up many keys in parallel pipelined batches; values that fail their check are counted and dropped. */
  private async fetch(keys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (!canRead(this.options.mode) || keys.length === 0) return found;
    const batches: string[][] = [];
    for (let i = 0; i < keys.length; i += REMOTE_BATCH_KEYS) batches.push(keys.slice(i, i + REMOTE_BATCH_KEYS));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length && !this.breaker.isOpen) {
        const batch = batches[next++]!;
        const values = await this.call('read', () => this.store.getMany(batch, this.options.ttlMs));
        if (!values) continue;
        for (const key of batch) {
          const value = values.get(key);
          const data = value && decodeValue(key, value);
          if (value) this.counters.bytesIn += value.length;
          if (value && data === undefined) this.counters.corrupt++;
          if (data === undefined) this.counters.misses++;
          else {
            this.counters.hits++;
            found.set(key, data);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(REMOTE_PARALLEL_BATCHES, batches.length) }, worker));
    return found;
  }

  private queue(key: string, payload: string): void {
    if (this.closed || !canWrite(this.options.mode) || this.breaker.isOpen) return;
    const value = encodeValue(key, payload);
    this.queued.push({ key, value });
    this.counters.bytesOut += value.length;
    this.counters.writes++;
    if (this.queued.length >= REMOTE_BATCH_KEYS) this.send();
  }

  /** Sends what is queued now, without waiting for a full batch. */
  sendQueued(): void {
    this.send();
  }

  private send(): void {
    if (this.queued.length > 0) this.outbox.push(this.queued);
    this.queued = [];
    this.pump();
  }

  /** Starts queued batches while fewer than REMOTE_PARALLEL_BATCHES are on the wire. */
  private pump(): void {
    if (this.breaker.isOpen) this.outbox.length = 0;
    while (this.writing < REMOTE_PARALLEL_BATCHES && this.outbox.length > 0) {
      const batch = this.outbox.shift()!;
      this.writing++;
      void this.call('write', () => this.store.setMany(batch, this.options.ttlMs)).then(() => {
        this.writing--;
        this.pump();
      });
    }
    if (this.writing === 0 && this.outbox.length === 0) this.drained?.();
  }

  private async call<T>(what: string, work: () => Promise<T>, { timeoutMs = this.options.timeoutMs, startup = false } = {}): Promise<T | undefined> {
    if (!startup) await this.startup;
    if (this.breaker.isOpen) return undefined;
    const started = performance.now();
    let failed: unknown;
    // Boxed, so that a write's `undefined` is not taken for a failure.
    const result = await this.breaker.call(what, timeoutMs, async () => {
      try {
        return { value: await work() };
      } catch (error) {
        failed = error;
        throw error;
      }
    });
    this.counters.calls++;
    this.counters.latencyMs += performance.now() - started;
    if (result === undefined) {
      this.counters.errors++;
      // A server that let a call time out is paused or overloaded: asking again only adds delay.
      if (failed === undefined) this.breaker.open('timed out');
    }
    return result?.value;
  }

  private readonly owner = `${process.pid}:${randomBytes(6).toString('hex')}`;

  private lockKey(name: string): string {
    return remoteKey(this.options.namespace, 'lock', 'work', name);
  }

  private tagsKey(key: TagKey): string {
    return remoteKey(this.options.namespace, 'tags', key.fingerprint, key.hash);
  }
}

/**
 * Tags from the TagCache, then from the remote for the keys it lacks; what the remote had is
 * kept in the TagCache so the next build finds it locally: stored here, or handed to `unstored`
 * for the caller to store (a one-shot build stores them after the map is out).
 */
export async function lookupTags(
  tagCache: TagCache,
  remote: RemoteTier | undefined,
  keys: readonly TagKey[],
  unstored?: Array<TagKey & { data: string }>,
): Promise<Map<string, string>> {
  const found = tagCache.getMany(keys);
  if (!remote) return found;
  const missing = keys.filter((key) => !found.has(tagKeyString(key)));
  const fetched = await remote.fetchTags(missing);
  if (fetched.size === 0) return found;
  const rows = missing.flatMap((key) => {
    const data = fetched.get(tagKeyString(key));
    return data === undefined ? [] : [{ ...key, data }];
  });
  if (unstored) unstored.push(...rows);
  else tagCache.putMany(rows);
  for (const [key, data] of fetched) found.set(key, data);
  return found;
}

/**
 * Maps are shared only under a fully content-addressed key: refresh mode `auto` (contents in the
 * key) and no grammar override (a local file).
 */
export function isMapShareable(mode: string, grammarOverrides: Readonly<Record<string, string>> | undefined): boolean {
  return mode === 'auto' && (!grammarOverrides || Object.keys(grammarOverrides).length === 0);
}

/** A map for this key from the team cache (its JSON), also kept in the local MapCache. */
export async function fetchSharedMap(remote: RemoteTier, maps: MapCache, key: MapCacheKey, describe: string): Promise<string | undefined> {
  const json = await remote.fetchMap(key.id, PACKAGE_VERSION);
  if (json === undefined) return undefined;
  if (!isMapResultJson(json)) {
    remote.counters.corrupt++;
    return undefined;
  }
  maps.set(key, describe, json);
  return json;
}

/** Queues a finished map for the team, without the one field that names a local path. */
export function shareMap(remote: RemoteTier, key: MapCacheKey, result: BuildMapResult): void {
  remote.queueMap(key.id, PACKAGE_VERSION, JSON.stringify({ ...result, root: '' }));
}

/**
 * Ends the tier's part of a build: records its counters, then flushes the write-back, handing
 * the wait to `onFlush` (the CLI prints the map first) or waiting here.
 */
export async function settleRemote(remote: RemoteTier, cache: CacheManager | undefined, onFlush: ((flushed: Promise<void>) => void) | undefined): Promise<void> {
  try {
    cache?.recordRemote(remote.counters, remote.options);
  } catch {
    // Counters are a nicety: a cache fault here is reported by the build's own handling.
  }
  const flushed = remote.flush();
  if (onFlush) onFlush(flushed);
  else await flushed;
}
