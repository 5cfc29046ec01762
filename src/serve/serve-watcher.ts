/**
 * The watcher's side of the socket: an owner-only Unix socket in the cache directory that greets
 * each client with its version and settings, then answers JSON lines of MapRequest with
 * BuildMapResult (through the watcher, so no answer is staler than its request) or with status.
 * A socket left by a killed watcher is replaced; a live one belongs to another watcher and stays.
 */
import { existsSync, chmodSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { describeCause } from '../errors.js';
import { PACKAGE_VERSION } from '../package-root.js';
import type { BuildMapResult, MapRequest, RepoSettings } from '../session/types.js';
import { type ClientMessage, onLines, PROTOCOL, type ServerMessage, settingsFingerprint, socketPath, type WatcherStatusReport } from './protocol.js';

export interface WatcherEndpoint {
  map(request: MapRequest): Promise<BuildMapResult>;
  status(): WatcherStatusReport;
}

export interface ServeWatcherOptions {
  settings: RepoSettings;
  endpoint: WatcherEndpoint;
}

export interface WatchServer {
  readonly address: string;
  close(): Promise<void>;
}

export class SocketBusyError extends Error {}

export async function serveWatcher({ settings, endpoint }: ServeWatcherOptions): Promise<WatchServer> {
  if (!settings.cache?.enabled) throw new Error('serving needs a cache directory');
  const address = socketPath(settings.cache.dir);
  if (existsSync(address)) {
    if (await isAnswering(address)) throw new SocketBusyError(`${address}: another watcher is already serving this cache`);
    unlinkSync(address);
  }
  const hello: ServerMessage = { type: 'hello', protocol: PROTOCOL, version: PACKAGE_VERSION, pid: process.pid, settings: settingsFingerprint(settings) };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    send(socket, hello);
    onLines(socket, (line) => void answer(socket, line, endpoint));
  });
  await listenOwnerOnly(server, address);
  return {
    address,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // A client still waiting gets a closed connection and builds by itself.
        for (const socket of sockets) socket.destroy();
        try {
          unlinkSync(address);
        } catch {
          // already gone
        }
      }),
  };
}

async function answer(socket: Socket, line: string, endpoint: WatcherEndpoint): Promise<void> {
  let message: ClientMessage;
  try {
    message = JSON.parse(line) as ClientMessage;
  } catch {
    return send(socket, { type: 'error', message: 'not a JSON line' });
  }
  try {
    if (message.type === 'status') return send(socket, { type: 'status', status: endpoint.status() });
    if (message.type === 'map') return send(socket, { type: 'map', result: await endpoint.map(checkRequest(message.request)) });
    send(socket, { type: 'error', message: `unknown message type '${(message as { type?: unknown }).type}'` });
  } catch (error) {
    send(socket, { type: 'error', message: describeCause(error) });
  }
}

function send(socket: Socket, message: ServerMessage): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
}

const STRING_LISTS = ['chatFiles', 'mentionedFiles', 'mentionedIdents'] as const;
const NUMBERS = ['tokens', 'mapMulNoFiles', 'maxContextWindow'] as const;

/** Only the fields of a MapRequest, with their types checked: the socket is a process boundary. */
function checkRequest(raw: unknown): MapRequest {
  if (typeof raw !== 'object' || raw === null) throw new Error('the request is not an object');
  const input = raw as Record<string, unknown>;
  const request: MapRequest = {};
  for (const key of STRING_LISTS) {
    const value = input[key];
    if (value === undefined) continue;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error(`${key}: expected a list of strings`);
    request[key] = value as string[];
  }
  for (const key of NUMBERS) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) throw new Error(`${key}: expected a positive number`);
    request[key] = value;
  }
  if (input.prompt !== undefined) {
    if (typeof input.prompt !== 'string') throw new Error('prompt: expected a string');
    request.prompt = input.prompt;
  }
  if (input.tokenizer !== undefined) {
    if (input.tokenizer !== 'o200k' && input.tokenizer !== 'cl100k' && input.tokenizer !== 'approx') throw new Error('tokenizer: unknown');
    request.tokenizer = input.tokenizer;
  }
  if (input.style !== undefined) {
    if (input.style !== 'aider' && input.style !== 'compact') throw new Error('style: unknown');
    request.style = input.style;
  }
  if (input.history !== undefined) request.history = input.history === true;
  if (input.forceRefresh !== undefined) request.forceRefresh = input.forceRefresh === true;
  return request;
}

/** True when something accepts connections on the socket (a live watcher). */
function isAnswering(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(address);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** Binds with a umask that leaves the socket to its owner, then makes sure of the mode. */
function listenOwnerOnly(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const previous = process.umask(0o177);
    try {
      server.once('error', reject);
      server.listen(address, () => {
        server.off('error', reject);
        try {
          chmodSync(address, 0o600);
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    } finally {
      process.umask(previous);
    }
  });
}
