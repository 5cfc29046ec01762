/**
 * A real redis-server for tests: a random loopback port, its own temporary directory, no
 * persistence, stopped (by its pid) when the test is done. `.ci/run` installs the Debian package
 * when it is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { makeTempDir } from '../helpers.js';

/** A fresh server is ready in ~10 ms; this is for a loaded machine. */
const READY_TIMEOUT_MS = 10_000;

export interface TestRedis {
  port: number;
  url: string;
  process: ChildProcess;
  /** An admin connection (with the password, if any). */
  admin: Redis;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startRedis(extraArgs: string[] = [], password?: string): Promise<TestRedis> {
  const dir = makeTempDir('repomap-redis-');
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'no', ...extraArgs];
  if (password) args.push('--requirepass', password);
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), READY_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`redis-server could not start (apt-get install -y redis-server): ${error.message}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const admin = new Redis({ port, host: '127.0.0.1', password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  admin.on('error', () => undefined);
  await admin.connect();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    process: child,
    admin,
    async stop() {
      admin.disconnect();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
