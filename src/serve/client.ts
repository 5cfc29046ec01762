/**
 * Asks a running watcher for a map (or its status) over its socket. Kept tiny: `build` imports
 * it before anything heavy. Every way of not getting an answer (no socket, a stale one left by a
 * killed watcher, another version or settings, a timeout, an error reply) returns a reason
 * instead of throwing, so the caller builds locally.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import type { BuildMapResult, MapRequest, RepoSettings } from '../session/types.js';
import { type ClientMessage, onLines, PROTOCOL, type ServerMessage, settingsFingerprint, socketPath, type WatcherStatusReport } from './protocol.js';

/** A live watcher greets at once; a hung or overloaded one is not worth waiting for. */
export const HELLO_TIMEOUT_MS = 1000;
/** The watcher may be finishing an update (a branch switch) before it answers. */
export const REPLY_TIMEOUT_MS = 10_000;

export type WatcherAnswer<T> = { ok: true; value: T; pid: number } | { ok: false; reason: string };

export function askWatcherForMap(settings: RepoSettings, request: MapRequest): Promise<WatcherAnswer<BuildMapResult>> {
  if (!settings.cache?.enabled) return Promise.resolve({ ok: false, reason: 'no cache, so no watcher' });
  return exchange(socketPath(settings.cache.dir), settingsFingerprint(settings), { type: 'map', request }, (reply) =>
    reply.type === 'map' ? reply.result : undefined,
  );
}

export function askWatcherStatus(cacheDir: string): Promise<WatcherAnswer<WatcherStatusReport>> {
  return exchange(socketPath(cacheDir), undefined, { type: 'status' }, (reply) => (reply.type === 'status' ? reply.status : undefined));
}

function exchange<T>(
  address: string,
  settings: string | undefined,
  message: ClientMessage,
  pick: (reply: ServerMessage) => T | undefined,
): Promise<WatcherAnswer<T>> {
  if (!existsSync(address)) return Promise.resolve({ ok: false, reason: 'no watcher running' });
  return new Promise((resolve) => {
    const socket = connect(address);
    let pid = 0;
    let timer = setTimeout(() => finish({ ok: false, reason: `the watcher did not greet within ${HELLO_TIMEOUT_MS} ms` }), HELLO_TIMEOUT_MS);
    const finish = (answer: WatcherAnswer<T>): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const stale = error.code === 'ECONNREFUSED' || error.code === 'ENOENT';
      finish({ ok: false, reason: stale ? `stale socket ${address} (no watcher behind it)` : `cannot reach the watcher: ${error.message}` });
    });
    socket.on('close', () => finish({ ok: false, reason: 'the watcher closed the connection' }));
    onLines(socket, (line) => {
      let reply: ServerMessage;
      try {
        reply = JSON.parse(line) as ServerMessage;
      } catch {
        return finish({ ok: false, reason: 'the watcher sent something that is not JSON' });
      }
      if (reply.type === 'hello') {
        if (reply.protocol !== PROTOCOL) return finish({ ok: false, reason: `the watcher speaks ${reply.protocol}, not ${PROTOCOL}` });
        if (settings !== undefined && reply.settings !== settings) {
          return finish({ ok: false, reason: `the watcher (pid ${reply.pid}, version ${reply.version}) runs with other settings or another version` });
        }
        pid = reply.pid;
        clearTimeout(timer);
        timer = setTimeout(() => finish({ ok: false, reason: `no answer from the watcher within ${REPLY_TIMEOUT_MS} ms` }), REPLY_TIMEOUT_MS);
        socket.write(`${JSON.stringify(message)}\n`);
        return;
      }
      if (reply.type === 'error') return finish({ ok: false, reason: `the watcher could not answer: ${reply.message}` });
      const value = pick(reply);
      finish(value === undefined ? { ok: false, reason: `unexpected reply '${reply.type}'` } : { ok: true, value, pid });
    });
  });
}
