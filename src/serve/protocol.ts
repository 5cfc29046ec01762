/**
 * The watcher's socket protocol, shared by the server and the client: where the socket is, what
 * identifies a watcher's settings, and the JSON-lines messages. Imports nothing heavy: `build`
 * loads this before deciding whether it needs the pipeline at all.
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'node:net';
import { PACKAGE_VERSION } from '../package-root.js';
import type { BuildMapResult, MapRequest, RepoSettings } from '../session/types.js';

export const PROTOCOL = 'repomap-watch/1';
/** Linux holds 108 bytes in sun_path, macOS 104, both counting the final NUL. */
const MAX_SOCKET_PATH_BYTES = 103;

/** The socket in the cache directory, or (when that path is too long to bind) a per-directory one in the temp dir. */
export function socketPath(cacheDir: string): string {
  const inCache = path.join(cacheDir, 'watch.sock');
  if (Buffer.byteLength(inCache) <= MAX_SOCKET_PATH_BYTES) return inCache;
  const id = createHash('sha1').update(cacheDir).digest('hex').slice(0, 16);
  return path.join(tmpdir(), `repomap-${id}.sock`);
}

/** What must match for a watcher's maps to be the ones this process would build. */
export function settingsFingerprint(settings: RepoSettings): string {
  return JSON.stringify({
    version: PACKAGE_VERSION,
    root: settings.root,
    paths: [...(settings.paths ?? [])].sort(),
    exclude: settings.exclude ?? [],
    excludeDirs: settings.excludeDirs ?? [],
    maxFileBytes: settings.maxFileBytes ?? null,
    grammarOverrides: settings.grammarOverrides ?? null,
    cacheDir: settings.cache?.enabled ? settings.cache.dir : null,
    refresh: settings.cache?.refresh ?? null,
  });
}

export interface WatcherStatusReport {
  pid: number;
  version: string;
  root: string;
  startedAt: number;
  updates: number;
  served: number;
  polling: boolean;
  lastUpdateAt: number | null;
  rssBytes: number;
  /** Files in the live tag index and names in its identifier table. */
  index: { files: number; identifiers: number };
}

export type ClientMessage = { type: 'map'; request: MapRequest } | { type: 'status' };

export type ServerMessage =
  | { type: 'hello'; protocol: string; version: string; pid: number; settings: string }
  | { type: 'map'; result: BuildMapResult }
  | { type: 'status'; status: WatcherStatusReport }
  | { type: 'error'; message: string };

/** Calls `onLine` with each complete line the socket receives. */
export function onLines(socket: Socket, onLine: (line: string) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line) onLine(line);
    }
  });
}
