#!/usr/bin/env node
// The team cache's benchmark, run by `npm run bench -- --remote` (or on its own with corpus
// directories as arguments: `node scripts/bench-remote.mjs <tier>=<dir>...`). Per corpus, each
// build a fresh empty local cache (a new clone) in a new process:
//   cold, parsing (no team cache);
//   warm Redis on loopback: tags from Redis (--force-refresh: the map is computed) and the shared map;
//   Redis stopped, and Redis paused (CLIENT PAUSE) past the timeout: the cost of a dead server;
// and the bytes the corpus takes in Redis (values, and used_memory), per file's tags.
// Starts its own redis-server (random loopback port, temporary directory) and stops it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const here = path.dirname(fileURLToPath(import.meta.url));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'repomap-bench-redis-'));
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let output = '';
    child.once('error', (error) => reject(new Error(`redis-server: ${error.message} (apt-get install -y redis-server)`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
  });
  const admin = new Redis({ port, host: '127.0.0.1' });
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    admin,
    async stop() {
      admin.disconnect();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One build of `dir` into a new empty cache directory; wall seconds and the files it parsed. */
/**
 * Builds with a healthy server get generous timeouts: on a loaded machine the default 300 ms
 * trips (by design: the build then parses), which would measure the machine, not the cache.
 * The paused and stopped server runs keep the defaults, whose cost they measure.
 */
const PATIENT = { REPO_MAP_CACHE_REMOTE_TIMEOUT_MS: '10000', REPO_MAP_CACHE_REMOTE_CONNECT_TIMEOUT_MS: '10000' };

function build(dir, extra, env = {}) {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'repomap-bench-remote-cache-'));
  try {
    const started = process.hrtime.bigint();
    // GNU time reports the child's CPU time: on a shared machine wall time mostly measures the queue.
    const child = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, path.join(here, '..', 'bin', 'repomap.js'), 'build', '--root', dir, '--verbose', '--cache-dir', cacheDir, ...extra], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, REPO_MAP_CACHE_SIZE_MB: '4096', ...env },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (child.status !== 0) throw new Error(`build failed on ${dir} (exit ${child.status}): ${child.stderr}`);
    const parsed = Number(/parsed (\d+) files/.exec(child.stderr)?.[1] ?? 0);
    const [, user, system] = /cpu ([\d.]+) ([\d.]+)/.exec(child.stderr) ?? [];
    return { seconds, cpu: Number(user) + Number(system), parsed, text: child.stdout, warned: child.stderr.includes('team cache') };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

function measure(runs, dir, extra, env) {
  const samples = Array.from({ length: runs }, () => build(dir, extra, env));
  return { seconds: median(samples.map((s) => s.seconds)), cpu: median(samples.map((s) => s.cpu)), parsed: Math.max(...samples.map((s) => s.parsed)), text: samples[0].text, warned: samples.some((s) => s.warned) };
}

async function valueBytes(admin, pattern) {
  let keys = 0;
  let bytes = 0;
  let cursor = '0';
  do {
    const [next, batch] = await admin.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    const pipeline = admin.pipeline();
    for (const key of batch) pipeline.strlen(key);
    for (const [, length] of (await pipeline.exec()) ?? []) bytes += Number(length);
    keys += batch.length;
  } while (cursor !== '0');
  return { keys, bytes };
}

const usedMemory = async (admin) => Number(/used_memory:(\d+)/.exec(await admin.info('memory'))[1]);

export async function benchRemote(corpora, { runs = 1, log = console.log } = {}) {
  const rows = [];
  for (const { name, dir } of corpora) {
    const redis = await startRedis();
    try {
      const cold = measure(runs, dir, ['--no-remote']);
      const before = await usedMemory(redis.admin);
      const fill = build(dir, ['--remote', redis.url], PATIENT);
      const used = (await usedMemory(redis.admin)) - before;
      const tags = await valueBytes(redis.admin, 'repomap:*:tags:*');
      const maps = await valueBytes(redis.admin, 'repomap:*:map:*');
      const tagsFromRedis = measure(runs, dir, ['--remote', redis.url, '--force-refresh'], PATIENT);
      const mapFromRedis = measure(runs, dir, ['--remote', redis.url], PATIENT);
      await redis.admin.call('CLIENT', 'PAUSE', '600000', 'ALL');
      const paused = measure(runs, dir, ['--remote', redis.url]);
      await redis.stop();
      const down = measure(runs, dir, ['--remote', redis.url]);
      for (const [what, result] of [['tags', tagsFromRedis], ['map', mapFromRedis], ['paused', paused], ['down', down], ['fill', fill]]) {
        if (result.text !== cold.text) throw new Error(`${name}: the map with ${what} differs from the cold build's`);
      }
      const row = {
        corpus: name,
        coldSeconds: cold.seconds,
        coldCpu: cold.cpu,
        tagsFromRedisCpu: tagsFromRedis.cpu,
        mapFromRedisCpu: mapFromRedis.cpu,
        pausedCpu: paused.cpu,
        downCpu: down.cpu,
        coldParsed: cold.parsed,
        tagsFromRedisSeconds: tagsFromRedis.seconds,
        tagsFromRedisParsed: tagsFromRedis.parsed,
        mapFromRedisSeconds: mapFromRedis.seconds,
        pausedSeconds: paused.seconds,
        downSeconds: down.seconds,
        tagKeys: tags.keys,
        tagBytes: tags.bytes,
        mapBytes: maps.bytes,
        usedMemoryBytes: used,
      };
      rows.push(row);
      const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
      const both = (r) => `${r.seconds.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU`;
      const ratio = (r) => `${(cold.seconds / r.seconds).toFixed(1)}× wall, ${(cold.cpu / r.cpu).toFixed(1)}× CPU`;
      log(
        `${name.padEnd(15)} cold ${both(cold)} (parsed ${cold.parsed}) | tags from Redis ${both(tagsFromRedis)} ` +
          `(parsed ${tagsFromRedis.parsed}, ${ratio(tagsFromRedis)}) | map from Redis ${both(mapFromRedis)} (${ratio(mapFromRedis)}) | ` +
          `paused ${both(paused)}, down ${both(down)} | ` +
          `stored: ${tags.keys} tag values ${mib(tags.bytes)} (${Math.round(tags.bytes / tags.keys)} B per file), map ${(maps.bytes / 1024).toFixed(1)} KiB, used_memory +${mib(used)}`,
      );
    } finally {
      await redis.stop().catch(() => undefined);
    }
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const runsFlag = args.indexOf('--runs');
  const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 1;
  const corpora = args.filter((arg, i) => arg.includes('=') && args[i - 1] !== '--runs').map((arg) => ({ name: arg.slice(0, arg.indexOf('=')), dir: arg.slice(arg.indexOf('=') + 1) }));
  await benchRemote(corpora, { runs });
}
