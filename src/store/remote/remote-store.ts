/**
 * The remote tier's contract (SPEC B7): a shared key-value store below the local caches. Values
 * are opaque bytes (already encoded and checksummed by value-codec); keys come from remote-keys.
 * Implementations: RedisRemoteStore (a team cache), MemoryRemoteStore (tests, library users); a
 * library user may pass any object with this shape. Timeouts and the circuit breaker are applied
 * by the caller, so an implementation may simply throw or hang.
 */

export interface RemoteEntry {
  key: string;
  value: Buffer;
}

export interface RemotePing {
  /** Round trip of one PING, in milliseconds. */
  rttMs: number;
  /** The server's name and version, e.g. `redis 7.0.15`. */
  server: string;
}

export interface RemoteStore {
  /** The values of the keys that have one; with ttlMs, reading starts each entry's time to live again. */
  getMany(keys: readonly string[], ttlMs?: number): Promise<Map<string, Buffer>>;
  /** Stores every entry with the time to live. */
  setMany(entries: readonly RemoteEntry[], ttlMs: number): Promise<void>;
  /**
   * Sets the key only if it is absent (a lock), expiring after ttlMs; true when it was set.
   * Optional: a store without it is never locked on.
   */
  setIfAbsent?(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Removes a key only while it still holds the value (releasing one's own lock). */
  deleteIfEquals?(key: string, value: string): Promise<void>;
  /**
   * Opens the connection ahead of the first call (optional: a store without it connects inside
   * its calls). The startup check runs it while the repository is discovered.
   */
  connect?(): Promise<void>;
  ping(): Promise<RemotePing>;
  close(): Promise<void>;
}

/** Where the remote tier may read and write: laptops read, CI writes, the default does both. */
export const REMOTE_MODES = ['read', 'write', 'readwrite'] as const;
export type RemoteMode = (typeof REMOTE_MODES)[number];

export const canRead = (mode: RemoteMode): boolean => mode !== 'write';
export const canWrite = (mode: RemoteMode): boolean => mode !== 'read';
