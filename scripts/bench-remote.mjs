#!/usr/bin/env node
// The team cache's benchmark, run by `npm run bench -- --remote` (or on its own with corpus
// directories as arguments: `node scripts/bench-remote.mjs [--runs N] [--cold-runs N] [--tags-only |
// --concurrent-only | --dead-only] <name>=<dir>...`). Per corpus, every build is a new process
// with a new empty local cache (a fresh clone) unless said otherwise:
//   tags: the corpus is copied, built with a local cache (the first cold sample) and seeded with
//     `repomap cache push`; a second fresh copy is then built (a) parsing, no team cache (the
//     other --runs N - 1 cold samples, or --cold-runs N - 1: Linux's take minutes), (b) with the warm Redis,
//     tags only (`--force-refresh`: the map is computed), (c) the shared map; plus the bytes
//     the corpus takes in Redis (values, and used_memory), per file's tags;
//   concurrent: 4 cold builds at once sharing one local cache, against one cold build alone
//     (CPU time of the processes, user + system, from GNU time);
//   dead: Redis stopped, and Redis paused (CLIENT PAUSE), against no remote configured, runs
//     interleaved; both as cold builds and as builds computing the map from a warm local cache.
// Medians of --runs N. Starts its own redis-server (random loopback port, temporary directory)
// and stops it, whatever happens; it never outlives the script.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(here, '..', 'bin', 'repomap.js');
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const tempDir = (name) => mkdtempSync(path.join(os.tmpdir(), `repomap-bench-${name}-`));

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

/** Every server this script started, so an interrupted run stops them too. */
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of running) child.kill('SIGKILL');
    process.exit(1);
  });
}
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function startRedis() {
  const dir = tempDir('redis');
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  running.add(child);
  await new Promise((resolve, reject) => {
    let output = '';
    child.once('error', (error) => reject(new Error(`redis-server: ${error.message} (apt-get install -y redis-server)`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
  });
  const admin = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null });
  admin.on('error', () => undefined);
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
      running.delete(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Builds with a healthy server get generous timeouts: on a loaded machine the default 300 ms
 * trips (by design: the build then parses), which would measure the machine, not the cache.
 * The paused and stopped server runs keep the defaults, whose cost they measure.
 */
const PATIENT = { REPO_MAP_CACHE_REMOTE_TIMEOUT_MS: '10000', REPO_MAP_CACHE_REMOTE_CONNECT_TIMEOUT_MS: '10000' };

/** `repomap <args>` under GNU time (the child's CPU: on a shared machine wall time mostly measures the queue). */
function run(args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, BIN, ...args], { env: { ...process.env, REPO_MAP_CACHE_SIZE_MB: '4096', ...env } });
    let stdout = '';
    let stderr = '';
    // When the map reached stdout: the team cache's write-back (and the local store's last
    // writes) come after it, before the process exits.
    let mapSeconds;
    child.stdout.on('data', (chunk) => {
      mapSeconds ??= Number(process.hrtime.bigint() - started) / 1e9;
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (status !== 0) return reject(new Error(`repomap ${args.join(' ')} failed (exit ${status}): ${stderr}`));
      const [, user, system] = /cpu ([\d.]+) ([\d.]+)/.exec(stderr) ?? [];
      const parsed = stderr.includes('served from the cache') ? 0 : Number(/parsed (\d+) files/.exec(stderr)?.[1] ?? 0);
      resolve({ seconds, mapSeconds: mapSeconds ?? seconds, cpu: Number(user) + Number(system), parsed, text: stdout, warned: stderr.includes('team cache'), stderr });
    });
  });
}

/** One build of `dir`, into `cacheDir` or a new empty cache directory. */
async function build(dir, extra, env = {}, cacheDir = undefined) {
  const cache = cacheDir ?? tempDir('cache');
  try {
    return await run(['build', '--root', dir, '--verbose', '--cache-dir', cache, ...extra], env);
  } finally {
    if (!cacheDir) rmSync(cache, { recursive: true, force: true });
  }
}

function summary(samples) {
  return {
    seconds: median(samples.map((s) => s.seconds)),
    mapSeconds: median(samples.map((s) => s.mapSeconds)),
    cpu: median(samples.map((s) => s.cpu)),
    parsed: Math.max(...samples.map((s) => s.parsed)),
    text: samples[0].text,
    warned: samples.some((s) => s.warned),
  };
}

async function measure(runs, dir, extra, env, samples = []) {
  for (let i = 0; i < runs; i++) samples.push(await build(dir, extra, env));
  return summary(samples);
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
const both = (r) => `${r.seconds.toFixed(2)} s wall (map out at ${r.mapSeconds.toFixed(2)} s), ${r.cpu.toFixed(2)} s CPU`;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const sameMap = (name, what, result, cold) => {
  if (result.text !== cold.text) throw new Error(`${name}: the map with ${what} differs from the cold build's`);
};

/** (a) parsing, (b) tags from a Redis seeded by `cache push`, (c) the shared map; bytes stored. */
async function benchTags(name, dir, runs, log, coldRuns) {
  const redis = await startRedis();
  const seedCopy = tempDir('seed');
  const cloneCopy = tempDir('clone');
  try {
    cpSync(dir, seedCopy, { recursive: true });
    cpSync(dir, cloneCopy, { recursive: true });
    const before = await usedMemory(redis.admin);
    // A teammate's local cache, pushed to seed the team cache (tags only: no map is shared yet).
    // Its build is a cold build of a fresh copy with an empty local cache: the first cold sample
    // (on Linux a cold build takes minutes; it is not repeated for nothing).
    const seedCache = tempDir('seed-cache');
    let seedBuild;
    try {
      seedBuild = await build(seedCopy, ['--no-remote'], {}, seedCache);
      await run(['cache', 'push', '--root', seedCopy, '--cache-dir', seedCache, '--remote', redis.url], PATIENT);
    } finally {
      rmSync(seedCache, { recursive: true, force: true });
    }
    const used = (await usedMemory(redis.admin)) - before;
    const tags = await valueBytes(redis.admin, 'repomap:*:tags:*');
    const cold = await measure((coldRuns ?? runs) - 1, cloneCopy, ['--no-remote'], {}, [seedBuild]);
    const tagsFromRedis = await measure(runs, cloneCopy, ['--remote', redis.url, '--force-refresh'], PATIENT);
    const mapFromRedis = await measure(runs, cloneCopy, ['--remote', redis.url], PATIENT);
    const maps = await valueBytes(redis.admin, 'repomap:*:map:*');
    sameMap(name, 'tags from Redis', tagsFromRedis, cold);
    sameMap(name, 'the shared map', mapFromRedis, cold);
    const ratio = (r) => `${(cold.seconds / r.seconds).toFixed(1)}× wall, ${(cold.mapSeconds / r.mapSeconds).toFixed(1)}× to the map, ${(cold.cpu / r.cpu).toFixed(1)}× CPU`;
    log(
      `${name}: cold ${both(cold)} (parsed ${cold.parsed}) | tags from Redis ${both(tagsFromRedis)} (parsed ${tagsFromRedis.parsed}, ${ratio(tagsFromRedis)}) | ` +
        `shared map ${both(mapFromRedis)} (${ratio(mapFromRedis)}) | stored by cache push: ${tags.keys} tag values ${mib(tags.bytes)} ` +
        `(${Math.round(tags.bytes / tags.keys)} B per file), used_memory +${mib(used)}; map ${(maps.bytes / 1024).toFixed(1)} KiB`,
    );
    return {
      coldSeconds: cold.seconds,
      coldCpu: cold.cpu,
      coldParsed: cold.parsed,
      tagsFromRedisSeconds: tagsFromRedis.seconds,
      tagsFromRedisMapSeconds: tagsFromRedis.mapSeconds,
      coldMapSeconds: cold.mapSeconds,
      tagsFromRedisCpu: tagsFromRedis.cpu,
      tagsFromRedisParsed: tagsFromRedis.parsed,
      mapFromRedisSeconds: mapFromRedis.seconds,
      mapFromRedisCpu: mapFromRedis.cpu,
      tagKeys: tags.keys,
      tagBytes: tags.bytes,
      mapBytes: maps.bytes,
      usedMemoryBytes: used,
    };
  } finally {
    await redis.stop();
    rmSync(seedCopy, { recursive: true, force: true });
    rmSync(cloneCopy, { recursive: true, force: true });
  }
}

/** 4 cold builds at once sharing one local cache, against one cold build alone. */
async function benchConcurrent(name, dir, runs, log) {
  const ratios = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const one = await build(dir, ['--no-remote']);
    const cacheDir = tempDir('shared-cache');
    try {
      const started = process.hrtime.bigint();
      const four = await Promise.all(Array.from({ length: 4 }, () => build(dir, ['--no-remote'], {}, cacheDir)));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      for (const result of four) sameMap(name, 'a concurrent build', result, one);
      const cpu = four.reduce((sum, result) => sum + result.cpu, 0);
      ratios.push(cpu / one.cpu);
      last = { one, cpu, seconds, parsed: four.map((result) => result.parsed) };
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  const ratio = median(ratios);
  log(
    `${name}: 4 concurrent cold builds, one cache: ${ratio.toFixed(2)}× the CPU of one (median of ${runs}; ` +
      `last: ${last.cpu.toFixed(2)} s CPU in ${last.seconds.toFixed(2)} s wall, files parsed ${last.parsed.join(' / ')}; one alone ${both(last.one)})`,
  );
  return { concurrentCpuRatio: ratio, concurrentCpu: last.cpu, concurrentSeconds: last.seconds, concurrentParsed: last.parsed, oneCpu: last.one.cpu };
}

/**
 * Redis stopped, and paused past the timeout, against no remote: runs interleaved (so the
 * machine's drift hits all three alike); the extra time is the median of the paired differences.
 * Cold builds (every lookup misses), and warm ones computing the map from a local cache
 * (--force-refresh: ~1-2 s builds, where a delay shows).
 */
async function benchDead(name, dir, runs, log) {
  const stopped = await startRedis();
  const stoppedUrl = stopped.url;
  await stopped.stop();
  const paused = await startRedis();
  const warmCache = tempDir('warm-cache');
  try {
    await paused.admin.call('CLIENT', 'PAUSE', String(24 * 60 * 60 * 1000), 'ALL');
    await build(dir, ['--no-remote'], {}, warmCache);
    const row = {};
    for (const [kind, extra, cacheDir] of [['cold', [], undefined], ['warm', ['--force-refresh'], warmCache]]) {
      const samples = { none: [], stopped: [], paused: [] };
      for (let i = 0; i < runs; i++) {
        samples.none.push(await build(dir, [...extra, '--no-remote'], {}, cacheDir));
        samples.stopped.push(await build(dir, [...extra, '--remote', stoppedUrl], {}, cacheDir));
        samples.paused.push(await build(dir, [...extra, '--remote', paused.url], {}, cacheDir));
      }
      for (const what of ['stopped', 'paused']) {
        for (const sample of samples[what]) {
          if (sample.text !== samples.none[0].text) throw new Error(`${name}: the map with Redis ${what} differs`);
          if (!sample.warned) throw new Error(`${name}: no warning with Redis ${what}`);
        }
      }
      const extraSeconds = (what) => median(samples[what].map((sample, i) => sample.seconds - samples.none[i].seconds));
      const extraCpu = (what) => median(samples[what].map((sample, i) => sample.cpu - samples.none[i].cpu));
      const none = summary(samples.none);
      row[kind] = { noneSeconds: none.seconds, noneCpu: none.cpu, stoppedExtraSeconds: extraSeconds('stopped'), pausedExtraSeconds: extraSeconds('paused'), stoppedExtraCpu: extraCpu('stopped'), pausedExtraCpu: extraCpu('paused') };
      const sign = (value) => `${value >= 0 ? '+' : ''}${value.toFixed(2)} s`;
      log(
        `${name}: ${kind === 'cold' ? 'cold builds' : 'maps computed from a warm local cache'}, no remote ${both(none)}; ` +
          `Redis stopped ${sign(extraSeconds('stopped'))} wall (${sign(extraCpu('stopped'))} CPU), paused ${sign(extraSeconds('paused'))} wall ` +
          `(${sign(extraCpu('paused'))} CPU) (medians of ${runs} paired runs)`,
      );
    }
    return row;
  } finally {
    await paused.stop();
    rmSync(warmCache, { recursive: true, force: true });
  }
}

const PARTS = { tags: benchTags, concurrent: benchConcurrent, dead: benchDead };

export async function benchRemote(corpora, { runs = 1, coldRuns = undefined, parts = Object.keys(PARTS), log = console.log } = {}) {
  const rows = [];
  for (const { name, dir } of corpora) {
    const row = { corpus: name, runs, load: os.loadavg()[0] };
    for (const part of parts) Object.assign(row, { [part]: await PARTS[part](name, dir, runs, log, coldRuns) });
    row.loadAfter = os.loadavg()[0];
    log(`${name}: load average ${row.load.toFixed(1)} before, ${row.loadAfter.toFixed(1)} after`);
    rows.push(row);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const runsFlag = args.indexOf('--runs');
  const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 1;
  const coldRunsFlag = args.indexOf('--cold-runs');
  const coldRuns = coldRunsFlag >= 0 ? Number(args[coldRunsFlag + 1]) : undefined;
  const only = Object.keys(PARTS).filter((part) => args.includes(`--${part}-only`));
  const corpora = args.filter((arg, i) => arg.includes('=') && args[i - 1] !== '--runs' && args[i - 1] !== '--cold-runs').map((arg) => ({ name: arg.slice(0, arg.indexOf('=')), dir: arg.slice(arg.indexOf('=') + 1) }));
  const rows = await benchRemote(corpora, { runs, coldRuns, parts: only.length > 0 ? only : undefined });
  if (args.includes('--json')) console.log(JSON.stringify(rows, null, 2));
}
