/**
 * Worker-thread entry of ThreadedRemoteStore: owns one RedisRemoteStore and answers calls to
 * it. Loading ioredis (~0.25 s) and reading thousands of replies happen here, on another core,
 * while the main thread discovers, hashes and indexes; and its timers (the connect timeout) are
 * never late, since this thread does nothing else.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RemoteEntry } from './remote-store.js';
import { RedisRemoteStore, type RedisRemoteStoreOptions } from './redis-remote-store.js';

export type RemoteCall =
  | { id: number; method: 'connect' | 'ping' | 'close' }
  | { id: number; method: 'getMany'; keys: string[]; ttlMs?: number }
  | { id: number; method: 'setMany'; entries: RemoteEntry[]; ttlMs: number }
  | { id: number; method: 'setIfAbsent'; key: string; value: string; ttlMs: number }
  | { id: number; method: 'deleteIfEquals'; key: string; value: string };

export type RemoteReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

const store = new RedisRemoteStore(workerData as RedisRemoteStoreOptions);

/** Values arrive as Uint8Array (structured clone); ioredis sends only Buffers as bytes. */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function dispatch(call: RemoteCall): Promise<unknown> {
  switch (call.method) {
    case 'connect':
      return store.connect();
    case 'ping':
      return store.ping();
    case 'close':
      return store.close();
    case 'getMany':
      return store.getMany(call.keys, call.ttlMs);
    case 'setMany':
      return store.setMany(call.entries.map(({ key, value }) => ({ key, value: asBuffer(value) })), call.ttlMs);
    case 'setIfAbsent':
      return store.setIfAbsent(call.key, call.value, call.ttlMs);
    case 'deleteIfEquals':
      return store.deleteIfEquals(call.key, call.value);
  }
}

parentPort!.on('message', (call: RemoteCall) => {
  dispatch(call).then(
    (value) => parentPort!.postMessage({ id: call.id, ok: true, value } satisfies RemoteReply),
    (error: unknown) => parentPort!.postMessage({ id: call.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies RemoteReply),
  );
});
