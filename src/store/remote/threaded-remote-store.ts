/**
 * The Redis store as builds use it: a RedisRemoteStore on a worker thread (redis-worker.ts),
 * so that loading the client and reading replies cost the main thread nothing but the values'
 * copies. Calls are messages; a call the worker never answers is timed out by the caller's
 * breaker, and close() ends the thread (and with it the socket) at once.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../../package-root.js';
import type { RedisRemoteStoreOptions } from './redis-remote-store.js';
import type { RemoteEntry, RemotePing, RemoteStore } from './remote-store.js';
import type { RemoteCall, RemoteReply } from './redis-worker.js';

type CallBody = RemoteCall extends infer C ? (C extends RemoteCall ? Omit<C, 'id'> : never) : never;

export class ThreadedRemoteStore implements RemoteStore {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(options: RedisRemoteStoreOptions) {
    // Always the built module (tests run this file from the TypeScript sources).
    this.worker = new Worker(pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'store', 'remote', 'redis-worker.js')), { workerData: options });
    // Pending calls are held open by their callers' timers, not by the thread.
    this.worker.unref();
    this.worker.on('message', (reply: RemoteReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.ok) waiter?.resolve(reply.value);
      else waiter?.reject(new Error(reply.message));
    });
    const failAll = (error: Error): void => {
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', () => failAll(new Error('the team cache client stopped')));
  }

  private call<T>(body: CallBody): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...body, id });
    });
  }

  connect(): Promise<void> {
    return this.call({ method: 'connect' });
  }

  async getMany(keys: readonly string[], ttlMs?: number): Promise<Map<string, Buffer>> {
    const found = await this.call<Map<string, Uint8Array>>({ method: 'getMany', keys: [...keys], ttlMs });
    // Buffers arrive as Uint8Arrays: view them as Buffers again, without copying.
    return new Map([...found].map(([key, value]) => [key, Buffer.from(value.buffer, value.byteOffset, value.byteLength)]));
  }

  setMany(entries: readonly RemoteEntry[], ttlMs: number): Promise<void> {
    return this.call({ method: 'setMany', entries: [...entries], ttlMs });
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.call({ method: 'setIfAbsent', key, value, ttlMs });
  }

  deleteIfEquals(key: string, value: string): Promise<void> {
    return this.call({ method: 'deleteIfEquals', key, value });
  }

  ping(): Promise<RemotePing> {
    return this.call({ method: 'ping' });
  }

  async close(): Promise<void> {
    // Nothing is waited for: the caller flushed what it wanted written.
    await this.worker.terminate();
  }
}
