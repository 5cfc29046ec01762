/**
 * RemoteStore on Redis or Valkey, through ioredis. ioredis rather than node-redis because it is
 * the client this package already depends on, its pipelines return one [error, reply] pair per
 * command (one refused write is a counted error, not a failed batch), it has Buffer variants of
 * every command (`getexBuffer`) without a separate client mode, and its connect and command
 * timeout and retry strategy are plain options. It never reconnects or queues offline: a lost
 * server fails the call at once and the caller's breaker takes over. Errors never carry the URL.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { RemoteEntry, RemotePing, RemoteStore } from './remote-store.js';

export interface RedisRemoteStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  /** Overrides a password in the URL (REPO_MAP_CACHE_REMOTE_PASSWORD). */
  password?: string;
  connectTimeoutMs: number;
}

/** Releases a lock only while it still holds our token, so a late holder never frees another's. */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

export class RedisRemoteStore implements RemoteStore {
  private readonly client: Redis;
  private ready: Promise<void> | undefined;
  /** The last connection error, reported instead of ioredis's generic "connection is closed". */
  private lastError: Error | undefined;

  constructor(options: RedisRemoteStoreOptions) {
    const settings: RedisOptions = {
      lazyConnect: true,
      // Builds run this store on a worker thread that does nothing else, so ioredis's connect
      // timer is never late there.
      connectTimeout: options.connectTimeoutMs,
      // No commandTimeout: ioredis's timer would fire before a reply that arrived while this
      // thread was parsing is read. The caller's breaker times calls out, and close() drops the
      // socket and whatever a paused server never answered.
      // A stopped or paused server must cost one timeout, not retries, queueing or reconnects:
      // no retry of a failed command, no offline queue (a command without a connection fails
      // at once), no reconnection, no resending after a reconnect, no ready check (an INFO round
      // trip a paused server would never answer before the first real command).
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
      reconnectOnError: () => false,
      autoResendUnfulfilledCommands: false,
      autoResubscribe: false,
      enableReadyCheck: false,
      // RESP2 and no handshake commands (HELLO, CLIENT SETNAME / SETINFO): without a password the
      // connection is ready once TCP is, so a paused server is caught by the startup PING alone.
      protocol: 2,
      disableClientInfo: true,
      // close() ends the socket and destroys it at once instead of waiting (2 s by default) for
      // a server that may be paused or gone to acknowledge.
      disconnectTimeout: 0,
    };
    if (options.password !== undefined) settings.password = options.password;
    this.client = new Redis(options.url, settings);
    // Without a listener ioredis prints every connection error to the console itself.
    this.client.on('error', (error: Error) => {
      this.lastError = error;
    });
  }

  /** Opens the connection (once); the startup check calls it while discovery runs. */
  connect(): Promise<void> {
    this.ready ??= this.client.connect().catch((error: unknown) => {
      throw this.lastError ?? error;
    });
    return this.ready;
  }

  async getMany(keys: readonly string[], ttlMs?: number): Promise<Map<string, Buffer>> {
    await this.connect();
    const pipeline = this.client.pipeline();
    for (const key of keys) {
      if (ttlMs === undefined) pipeline.getBuffer(key);
      else pipeline.getexBuffer(key, 'PX', ttlMs);
    }
    const replies = (await pipeline.exec()) ?? [];
    const found = new Map<string, Buffer>();
    let firstError: Error | undefined;
    replies.forEach(([error, value], i) => {
      if (error) firstError ??= error;
      else if (Buffer.isBuffer(value)) found.set(keys[i]!, value);
    });
    if (firstError && found.size === 0) throw firstError;
    return found;
  }

  async setMany(entries: readonly RemoteEntry[], ttlMs: number): Promise<void> {
    await this.connect();
    const pipeline = this.client.pipeline();
    for (const { key, value } of entries) pipeline.set(key, value, 'PX', ttlMs);
    const replies = (await pipeline.exec()) ?? [];
    const failed = replies.find(([error]) => error);
    // e.g. "OOM command not allowed when used memory > 'maxmemory'" under noeviction.
    if (failed) throw failed[0]!;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    await this.connect();
    return (await this.client.set(key, value, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async deleteIfEquals(key: string, value: string): Promise<void> {
    await this.connect();
    await this.client.eval(RELEASE_SCRIPT, 1, key, value);
  }

  async ping(): Promise<RemotePing> {
    await this.connect();
    const started = performance.now();
    await this.client.ping();
    const rttMs = performance.now() - started;
    const info = await this.client.info('server');
    const version = (name: string): string | undefined => new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1];
    const valkey = version('valkey_version');
    return { rttMs, server: valkey ? `valkey ${valkey}` : `redis ${version('redis_version') ?? 'unknown'}` };
  }

  async close(): Promise<void> {
    // QUIT would wait behind commands a paused server never answers: drop the socket instead.
    this.client.disconnect();
  }
}
