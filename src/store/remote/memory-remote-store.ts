/**
 * A RemoteStore in this process's memory, with the same TTL semantics as Redis (expiry refreshed
 * on read): for tests, and for library users who share one store between sessions.
 */
import type { RemoteEntry, RemotePing, RemoteStore } from './remote-store.js';

export class MemoryRemoteStore implements RemoteStore {
  private readonly entries = new Map<string, { value: Buffer; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async getMany(keys: readonly string[], ttlMs?: number): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    for (const key of keys) {
      const entry = this.live(key);
      if (!entry) continue;
      if (ttlMs !== undefined) entry.expires = this.now() + ttlMs;
      found.set(key, entry.value);
    }
    return found;
  }

  async setMany(entries: readonly RemoteEntry[], ttlMs: number): Promise<void> {
    for (const { key, value } of entries) this.entries.set(key, { value: Buffer.from(value), expires: this.now() + ttlMs });
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.entries.set(key, { value: Buffer.from(value), expires: this.now() + ttlMs });
    return true;
  }

  async deleteIfEquals(key: string, value: string): Promise<void> {
    if (this.live(key)?.value.toString() === value) this.entries.delete(key);
  }

  async ping(): Promise<RemotePing> {
    return { rttMs: 0, server: 'memory' };
  }

  async close(): Promise<void> {}

  /** Every live key (for tests and diagnostics). */
  keys(): string[] {
    return [...this.entries.keys()].filter((key) => this.live(key));
  }

  /** Overwrites a stored value's bytes as they are (tests use it to plant damaged values). */
  setRaw(key: string, value: Buffer, ttlMs = 60_000): void {
    this.entries.set(key, { value, expires: this.now() + ttlMs });
  }

  private live(key: string): { value: Buffer; expires: number } | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
