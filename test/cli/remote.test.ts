/**
 * The team cache against a real redis-server (started per test on a random loopback port): a
 * second clone builds without parsing, namespaces are apart, and a server that is killed,
 * paused, full, guarded by another password or holding a damaged value never changes the map
 * or the exit code. Plus `stats`, `cache ping` and `cache push`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { buildRepoMap } from '../../src/session/build-map.js';
import { CacheConfig } from '../../src/store/cache-config.js';
import { BIN, copyFixtureRepo, FIXTURES } from '../helpers.js';
import { noCacheMap } from '../support/reference-map.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  ms: number;
}

/** A running `repomap` process, and its outcome. */
function startRepomap(args: string[], cwd: string, env: Record<string, string> = {}): { child: ChildProcess; stderrSoFar(): string; done: Promise<Run> } {
  const started = performance.now();
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('REPO_MAP_')));
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...clean, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<Run>((resolve) => child.on('close', (exitCode) => resolve({ stdout, stderr, exitCode, ms: performance.now() - started })));
  return { child, stderrSoFar: () => stderr, done };
}

function repomap(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return startRepomap(args, cwd, env).done;
}

const golden = readFileSync(path.join(FIXTURES, 'golden', 'polyglot-service.map.txt'), 'utf8');
/**
 * Builds whose tokenizer is not under test use the approximate one (loading the o200k ranks costs
 * a process ~0.7 s of CPU); they compare with `fastMap`. The first test and the map-lock test keep
 * the default tokenizer and the golden map.
 */
const FAST = ['--tokenizer', 'approx'];
let fastMap: string;
beforeAll(async () => {
  fastMap = await noCacheMap(copyFixtureRepo('polyglot-service'), FAST);
});
const servers: TestRedis[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function server(args: string[] = [], password?: string): Promise<TestRedis> {
  const started = await startRedis(args, password);
  servers.push(started);
  return started;
}

/**
 * Timeouts for tests of a healthy server: the suite runs on loaded machines where a loopback
 * reply can wait seconds for a core. Tests of a failing server use the defaults, which are what
 * they prove bounded.
 */
const PATIENT = { REPO_MAP_CACHE_REMOTE_TIMEOUT_MS: '5000', REPO_MAP_CACHE_REMOTE_CONNECT_TIMEOUT_MS: '5000' };
/** Builds take seconds each on a loaded machine; a test makes up to four. */
const TEST_TIMEOUT_MS = 300_000;

/** `build --verbose` of a fresh copy of the fixture with its own empty local cache. */
async function buildClone(remoteArgs: string[], env: Record<string, string> = PATIENT, extra: string[] = FAST): Promise<Run & { root: string }> {
  const root = copyFixtureRepo('polyglot-service');
  const run = await repomap(['build', '--verbose', ...remoteArgs, ...extra], root, env);
  return { ...run, root };
}

const parsedCount = (stderr: string): number => Number(/parsed (\d+) files/.exec(stderr)?.[1] ?? -1);
/** Polls until `probe` yields a value (every 5 ms; a test's own timeout bounds it). */
async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
const warnings = (stderr: string): string[] => stderr.split('\n').filter((line) => line.includes('team cache'));

describe('a team cache on a real redis-server', { timeout: TEST_TIMEOUT_MS }, () => {
  test('a second clone with an empty local cache builds the same map with zero parses', async () => {
    const redis = await server();
    const first = await buildClone(['--remote', redis.url], PATIENT, []);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toBe(golden);
    expect(parsedCount(first.stderr)).toBeGreaterThan(5);
    expect(await redis.admin.dbsize()).toBeGreaterThan(5);

    // The map itself is shared: served without parsing or ranking.
    const second = await buildClone(['--remote', redis.url], PATIENT, []);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout).toBe(golden);
    expect(second.stderr).toContain('served from the cache');

    // Tags are shared too: a map computed again (another request) parses nothing.
    const third = await buildClone(['--remote', redis.url], PATIENT, ['--force-refresh']);
    expect(third.stdout).toBe(golden);
    expect(parsedCount(third.stderr)).toBe(0);
    expect(warnings(third.stderr)).toEqual([]);

    // Every tag value the team cache supplied was stored in the clone's local cache (after the map was out).
    const stats = await repomap(['stats', '--json'], third.root);
    const shared = await redis.admin.keys('repomap:*:tags:*');
    expect((JSON.parse(stats.stdout) as { caches: { tags: { entries: number } } }).caches.tags.entries).toBe(shared.length);
  });

  test('two namespaces do not see each other', async () => {
    const redis = await server();
    await buildClone(['--remote', redis.url, '--remote-namespace', 'team-a']);
    const other = await buildClone(['--remote', redis.url, '--remote-namespace', 'team-b']);
    expect(other.stdout).toBe(fastMap);
    expect(parsedCount(other.stderr)).toBeGreaterThan(5);
    const keys = await redis.admin.keys('*');
    expect(keys.some((key) => key.startsWith('repomap:v1:team-a:tags:'))).toBe(true);
    expect(keys.some((key) => key.startsWith('repomap:v1:team-b:tags:'))).toBe(true);
    expect(keys.every((key) => /^repomap:v\d+:team-[ab]:(tags|map):/.test(key))).toBe(true);
  });

  test('read mode never writes', async () => {
    const redis = await server();
    const run = await buildClone(['--remote', redis.url, '--remote-mode', 'read']);
    expect(run.stdout).toBe(fastMap);
    expect(await redis.admin.dbsize()).toBe(0);
  });

  test('write mode fills the cache without reading it', async () => {
    const redis = await server();
    await buildClone(['--remote', redis.url, '--remote-mode', 'write']);
    const again = await buildClone(['--remote', redis.url, '--remote-mode', 'write']);
    expect(parsedCount(again.stderr)).toBeGreaterThan(5);
    expect(await redis.admin.dbsize()).toBeGreaterThan(5);
  });

  test('a server that is down: the same map, exit 0, one warning', async () => {
    const redis = await server();
    await redis.stop();
    const run = await buildClone(['--remote', redis.url], {});
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(fastMap);
    expect(warnings(run.stderr)).toHaveLength(1);
    expect(warnings(run.stderr)[0]).toContain(`redis://127.0.0.1:${redis.port}`);
  });

  test('a server paused (CLIENT PAUSE) past the timeout: the same map, exit 0, no waiting for the pause', async () => {
    const redis = await server();
    const PAUSE_MS = 200_000;
    await redis.admin.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'ALL');
    const run = await buildClone(['--remote', redis.url], {});
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe(fastMap);
    expect(warnings(run.stderr)).toHaveLength(1);
    expect(warnings(run.stderr)[0]).toContain('timed out');
    expect(run.ms).toBeLessThan(PAUSE_MS / 4);
  });

  test('a full server (maxmemory, noeviction): the same map, exit 0, one warning', async () => {
    const redis = await server(['--maxmemory', '1mb', '--maxmemory-policy', 'noeviction']);
    // Fill it up to the limit first, so every write is refused.
    for (let i = 0; ; i++) {
      const refused = await redis.admin.set(`filler:${i}`, 'x'.repeat(10_000)).then(() => false, () => true);
      if (refused) break;
    }
    const run = await buildClone(['--remote', redis.url], {});
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe(fastMap);
    expect(warnings(run.stderr)).toHaveLength(1);
    expect(warnings(run.stderr)[0]).toMatch(/OOM/);
  });

  test('a wrong password: the same map, exit 0, and the password is never printed', async () => {
    const redis = await server([], 'right-password');
    const inUrl = await buildClone(['--remote', `redis://:wrong-in-url@127.0.0.1:${redis.port}`], {});
    const inEnv = await buildClone(['--remote', redis.url], { REPO_MAP_CACHE_REMOTE_PASSWORD: 'wrong-in-env' });
    for (const run of [inUrl, inEnv]) {
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toBe(fastMap);
      expect(warnings(run.stderr)).toHaveLength(1);
      expect(run.stderr).not.toContain('wrong-in');
      expect(run.stdout).not.toContain('wrong-in');
    }
    const stats = await repomap(['stats', '--json'], inUrl.root);
    expect(stats.stdout).not.toContain('wrong-in-url');
    expect(JSON.parse(stats.stdout).remote.lastRun.errors).toBeGreaterThan(0);

    // The right one works.
    const right = await buildClone(['--remote', redis.url], { ...PATIENT, REPO_MAP_CACHE_REMOTE_PASSWORD: 'right-password' });
    expect(warnings(right.stderr)).toEqual([]);
    expect(await redis.admin.dbsize()).toBeGreaterThan(5);
  });

  test('a corrupted value is ignored and counted: that one file is parsed, the map is the same', async () => {
    const redis = await server();
    await buildClone(['--remote', redis.url]);
    const [victim] = (await redis.admin.keys('repomap:v1:shared:tags:*')).sort();
    const good = await redis.admin.getBuffer(victim!);
    const damaged = Buffer.from(good!);
    damaged[damaged.length - 1]! ^= 0xff;
    await redis.admin.set(victim!, damaged);
    await redis.admin.set((await redis.admin.keys('repomap:v1:shared:tags:*')).sort()[1]!, 'garbage');

    const run = await buildClone(['--remote', redis.url], PATIENT, [...FAST, '--force-refresh']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(fastMap);
    expect(parsedCount(run.stderr)).toBe(2);
    const stats = JSON.parse((await repomap(['stats', '--json'], run.root)).stdout);
    expect(stats.remote.lastRun.corrupt).toBe(2);
    // The parsed files' good values were written back.
    expect(Buffer.compare((await redis.admin.getBuffer(victim!))!, good!)).toBe(0);
  });

  test('a second build of the same request waits on the map lock and prints the first one\'s map without parsing', async () => {
    const redis = await server();
    const first = startRepomap(['build', '--verbose', '--remote', redis.url], copyFixtureRepo('polyglot-service'), PATIENT);
    // Stop the first build while it holds the team-wide lock on this map (computing it).
    const lock = await waitFor(async () => (await redis.admin.keys('repomap:v1:shared:lock:*map:*'))[0]);
    first.child.kill('SIGSTOP');
    // Another clone (its own local cache) asks for the same map: it waits on that lock.
    const second = startRepomap(['build', '--verbose', '--remote', redis.url], copyFixtureRepo('polyglot-service'), PATIENT);
    await waitFor(async () => second.stderrSoFar().includes('waiting for another build of the same map') || undefined);
    expect(await redis.admin.exists(lock)).toBe(1);
    first.child.kill('SIGCONT');
    const [one, two] = await Promise.all([first.done, second.done]);
    expect(one.exitCode, one.stderr).toBe(0);
    expect(one.stdout).toBe(golden);
    expect(parsedCount(one.stderr)).toBeGreaterThan(5);
    expect(two.exitCode, two.stderr).toBe(0);
    expect(two.stdout).toBe(golden);
    // Served from the stored map: nothing parsed, nothing ranked.
    expect(two.stderr).toContain('served from the cache');
    expect(two.stderr).not.toMatch(/parsed \d+ files/);
    expect(await redis.admin.exists(lock)).toBe(0);
  });

  test('the server killed mid-build: the same map, and the build ends normally', async () => {
    const redis = await server();
    const root = copyFixtureRepo('polyglot-service');
    const warned: string[] = [];
    let killed = false;
    const result = await buildRepoMap({
      root,
      workers: 0,
      cache: CacheConfig.fromEnv(root, { remote: redis.url }, {}),
      onWarning: (message) => warned.push(message),
      onProgress: (progress) => {
        const { done, total } = progress.stage === 'parse' ? progress : { done: 0, total: 1 };
        // Half-way through parsing: reads are done, half the write-back is out.
        if (!killed && done >= total / 2) {
          killed = true;
          redis.process.kill('SIGKILL');
        }
      },
    });
    expect(killed).toBe(true);
    expect(result.text).toBe(golden);
    expect(warned.filter((line) => line.includes('team cache'))).toHaveLength(1);
  });
});

describe('stats, cache ping and cache push', { timeout: TEST_TIMEOUT_MS }, () => {
  test('stats shows the remote tier; its JSON holds no secret', async () => {
    const redis = await server([], 'sekrit-pass');
    const url = `redis://:sekrit-pass@127.0.0.1:${redis.port}`;
    const run = await buildClone(['--remote', url]);
    const text = await repomap(['stats'], run.root);
    expect(text.stdout).toMatch(/team cache redis:\/\/127\.0\.0\.1:\d+ \(namespace shared, readwrite\)/);
    expect(text.stdout).toMatch(/last run: 0 hits, \d+ misses/);
    const json = await repomap(['stats', '--json'], run.root);
    expect(json.stdout).not.toContain('sekrit');
    expect(JSON.parse(json.stdout).remote.lastRun.writes).toBeGreaterThan(5);
  });

  test('cache ping prints the round trip and the server version; a bad server exits 1', async () => {
    const redis = await server();
    const root = copyFixtureRepo('polyglot-service');
    const ok = await repomap(['cache', 'ping', '--remote', redis.url], root, PATIENT);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^redis://127\\.0\\.0\\.1:${redis.port}: redis \\d+\\.\\d+\\.\\d+, round trip \\d+(\\.\\d+)? ms\\n$`));
    await redis.stop();
    const down = await repomap(['cache', 'ping', '--remote', redis.url], root);
    expect(down.exitCode).toBe(1);
    expect(down.stderr).toMatch(/^repomap: redis:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    const none = await repomap(['cache', 'ping'], root);
    expect(none.exitCode).toBe(2);
  });

  test('cache push seeds a team cache from a local one', async () => {
    const redis = await server();
    const local = await buildClone([]);
    expect(await redis.admin.dbsize()).toBe(0);
    const push = await repomap(['cache', 'push', '--remote', redis.url], local.root, PATIENT);
    expect(push.exitCode, push.stderr).toBe(0);
    const pushed = Number(/pushed (\d+) tag entries/.exec(push.stdout)?.[1]);
    expect(pushed).toBeGreaterThan(5);
    expect((await redis.admin.keys('repomap:v1:shared:tags:*')).length).toBe(pushed);
    const clone = await buildClone(['--remote', redis.url], PATIENT, [...FAST, '--force-refresh']);
    expect(clone.stdout).toBe(fastMap);
    expect(parsedCount(clone.stderr)).toBe(0);
  });
});
