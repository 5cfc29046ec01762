#!/usr/bin/env node
// Benchmarks `repomap build` on real corpora: `npm run bench` (add `-- large` for Linux).
// Installs the corpora with ../shared/corpora/install.sh, then per corpus runs the CLI in fresh
// processes and prints wall time and peak RSS for:
//   cold, no cache, at 1024 and 4096 tokens (the pure pipeline);
//   cold with an empty cache (a first run: also hashes and stores everything);
//   warm: nothing changed; one function renamed in one file; `touch` on every file;
//   under `repomap watch`: edit → map rewritten (median of 20 edits), `build` answered by the
//   running watcher (whole process), the watcher's RSS after 1,000 edits.
// Options: --runs N (median of N, default 3; cold Linux runs once), --json, --watch (only the
// cache scenarios the watch figures are compared with, and the watch ones), tier names
// (`large` alone means all four tiers; add --only to run just the tiers named), --remote to
// measure the team cache instead (scripts/bench-remote.mjs: needs redis-server), --mcp for the MCP
// server's latency per call, against the sweep path as the same run's baseline (scripts/bench-mcp.mjs),
// --floor for cold builds against the parsing floor in the same run (scripts/bench-floor.mjs).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 3;
const asJson = args.includes('--json');
const tiers = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--runs' && args[i - 1] !== '--cold-runs' && args[i - 1] !== '--floor-script');
const NAMES = { small: 'Django 3.2', medium: 'Go 1.19 stdlib', ts: 'RxJS 7.8', rust: 'Rust 1.63', large: 'Linux 6.1' };
/** One function per corpus to rename: [file, old text, new text]. */
const EDITS = {
  small: ['db/models/query.py', 'def get_or_create(', 'def get_or_create_renamed('],
  medium: ['fmt/print.go', 'func Sprintf(', 'func SprintfRenamed('],
  ts: ['internal/Observable.ts', 'subscribe(', 'subscribeRenamed('],
  large: ['kernel/fork.c', 'pid_t kernel_clone(', 'pid_t kernel_clone_renamed('],
};
const only = args.includes('--only');
const watchOnly = args.includes('--watch');
const selected = tiers.length === 0 ? ['small', 'medium', 'ts'] : tiers.includes('large') && tiers.length === 1 && !only ? ['small', 'medium', 'ts', 'large'] : tiers;

console.error(`installing corpora: ${selected.join(' ')}`);
const installed = execFileSync('bash', [path.join(here, 'install-corpora.sh'), ...selected], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .map((line) => line.split(' '))
  .map(([tier, dir, files, mb]) => ({ tier, dir, files: Number(files), mb: Number(mb) }));

function runOnce(dir, extra) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [path.join(here, 'bench-child.mjs'), 'build', '--root', dir, '--verbose', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, REPO_MAP_CACHE_SIZE_MB: '4096' },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`repomap build failed on ${dir} (exit ${child.status}): ${child.stderr}`);
  const { maxRssKb } = JSON.parse(child.output[3].toString());
  const parsed = /parsed (\d+) files/.exec(child.stderr.toString())?.[1];
  const answered = /answered by the watcher/.test(child.stderr.toString());
  return { seconds, rssMb: maxRssKb / 1024, parsed: parsed === undefined ? 0 : Number(parsed), answered };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
function measure(count, prepare, dir, extra) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    prepare?.(i);
    samples.push(runOnce(dir, extra));
  }
  return { seconds: median(samples.map((s) => s.seconds)), rssMb: Math.max(...samples.map((s) => s.rssMb)), parsed: Math.max(...samples.map((s) => s.parsed)) };
}

/** Replaces a file by rename (never writing through a hard link into the shared corpus). */
function replaceFile(file, text) {
  const temporary = `${file}.bench-tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

function listFiles(dir) {
  return execFileSync('find', [dir, '-type', 'f', '-not', '-path', '*/.repomap/*'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim().split('\n');
}

if (args.includes('--mcp')) {
  await import('./bench-mcp.mjs').then(async ({ benchMcp, describeMcpRow, MCP_PROBES }) => {
    const rows = await benchMcp(installed.filter((corpus) => ['small', 'medium'].includes(corpus.tier)).map((corpus) => ({ name: NAMES[corpus.tier] ?? corpus.tier, dir: corpus.dir, ...MCP_PROBES[corpus.tier] })));
    console.log(asJson ? JSON.stringify(rows, null, 2) : rows.map(describeMcpRow).join('\n'));
  });
  process.exit(0);
}

if (args.includes('--floor')) {
  const { benchFloor } = await import('./bench-floor.mjs');
  const scriptFlag = args.indexOf('--floor-script');
  const floorScript = scriptFlag >= 0 ? path.resolve(args[scriptFlag + 1]) : path.join(here, '..', '..', 'shared', 'bench', 'tags-floor.mjs');
  const rows = benchFloor(installed, { projectRoot: path.join(here, '..'), floorScript, runs });
  console.log(
    asJson
      ? JSON.stringify(rows, null, 2)
      : rows.map((row) => `${(NAMES[row.corpus] ?? row.corpus).padEnd(15)} cold build ${row.buildSeconds.toFixed(2)} s ÷ floor ${row.floorSeconds.toFixed(2)} s = ${row.ratio.toFixed(2)}  (load ${row.load.map((l) => l.toFixed(1)).join(' → ')})`).join('\n'),
  );
  process.exit(0);
}

if (args.includes('--remote')) {
  const { benchRemote } = await import('./bench-remote.mjs');
  const remoteParts = ['tags', 'concurrent', 'dead'].filter((part) => args.includes(`--${part}-only`));
  const rows = await benchRemote(installed.map((corpus) => ({ name: NAMES[corpus.tier] ?? corpus.tier, dir: corpus.dir })), {
    runs: runsFlag >= 0 ? runs : 1,
    // --cold-runs N: cold builds in the tags part (the seed build is the first), default --runs.
    ...(args.includes('--cold-runs') ? { coldRuns: Number(args[args.indexOf('--cold-runs') + 1]) } : {}),
    // --tags-only, --concurrent-only, --dead-only: just those parts.
    ...(remoteParts.length > 0 ? { parts: remoteParts } : {}),
  });
  if (asJson) console.log(JSON.stringify({ machine: `${os.cpus().length} × ${os.cpus()[0]?.model}`, node: process.version, date: new Date().toISOString(), rows }, null, 2));
  process.exit(0);
}

/** Resident set of a live process, from /proc (Linux). */
function residentMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `repomap watch` on a corpus: latency from a write to the rewritten map (the watcher logs its
 * line right after the atomic rename), `build` answered through its socket, and its RSS.
 */
async function measureWatch(corpus, edit) {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'repomap-bench-watch-'));
  const output = path.join(cacheDir, 'map.txt');
  const args = ['--root', corpus.dir, '--cache-dir', cacheDir, '--tokens', '1024'];
  const child = spawn(process.execPath, [path.join(here, '..', 'bin', 'repomap.js'), 'watch', ...args, '--output', output], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, REPO_MAP_CACHE_SIZE_MB: '4096' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = () => stderr.split('\n').filter((line) => /map updated in|first map in/.test(line)).length;
  const waitLines = async (count, timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    while (lines() < count) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`watch on ${corpus.dir}: no update (stderr: ${stderr})`);
      await sleep(1);
    }
  };
  const [relPath, from, to] = edit;
  const file = path.join(corpus.dir, relPath);
  const original = readFileSync(file, 'utf8');
  const rows = {};
  try {
    await waitLines(1, 600_000);
    // The server starts right after the first map; give it a moment.
    await sleep(500);
    const latencies = [];
    for (let i = 0; i < 20; i++) {
      const before = lines();
      const started = performance.now();
      replaceFile(file, original.replace(from, i % 2 ? to : `${to}2`));
      await waitLines(before + 1, 60_000);
      latencies.push((performance.now() - started) / 1000);
      await sleep(100);
    }
    rows.latency = { seconds: median(latencies), rssMb: residentMb(child.pid) };
    const served = [];
    for (let i = 0; i < runs; i++) {
      const run = runOnce(corpus.dir, ['--cache-dir', cacheDir, '--tokens', '1024']);
      if (!run.answered) throw new Error(`build on ${corpus.dir} was not answered by the watcher`);
      served.push(run);
    }
    rows.served = { seconds: median(served.map((s) => s.seconds)), rssMb: Math.max(...served.map((s) => s.rssMb)) };
    for (let i = 0; i < 1000; i++) {
      replaceFile(file, original.replace(from, i % 2 ? to : `${to}2`));
      if (i % 50 === 49) await sleep(60);
    }
    runOnce(corpus.dir, ['--cache-dir', cacheDir, '--tokens', '1024']);
    rows.rss = { seconds: 0, rssMb: residentMb(child.pid) };
  } finally {
    replaceFile(file, original);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(cacheDir, { recursive: true, force: true });
  }
  return rows;
}

const results = [];
const report = (corpus, scenario, row) => {
  const entry = { corpus: NAMES[corpus.tier] ?? corpus.tier, files: corpus.files, mb: corpus.mb, scenario, ...row };
  results.push(entry);
  if (!asJson) {
    const parsed = row.parsed !== undefined ? `  parsed ${row.parsed}` : '';
    console.log(`${entry.corpus.padEnd(15)} ${String(entry.files).padStart(6)} files  ${scenario.padEnd(34)} ${row.seconds.toFixed(2).padStart(7)} s  peak RSS ${row.rssMb.toFixed(0).padStart(5)} MiB${parsed}`);
  }
};

for (const corpus of installed) {
  const coldRuns = corpus.tier === 'large' ? 1 : runs;
  for (const tokens of watchOnly ? [] : [1024, 4096]) {
    report(corpus, `cold, no cache @${tokens}`, measure(coldRuns, undefined, corpus.dir, ['--no-cache', '--tokens', String(tokens)]));
  }
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'repomap-bench-cache-'));
  const cached = ['--cache-dir', cacheDir, '--tokens', '1024'];
  try {
    report(corpus, 'cold, empty cache @1024', measure(coldRuns, () => rmSync(cacheDir, { recursive: true, force: true }), corpus.dir, cached));
    report(corpus, 'warm, nothing changed', measure(runs, undefined, corpus.dir, cached));
    const [relPath, from, to] = EDITS[corpus.tier] ?? [];
    if (relPath) {
      const file = path.join(corpus.dir, relPath);
      const original = readFileSync(file, 'utf8');
      if (!original.includes(from)) throw new Error(`${relPath}: '${from}' not found`);
      try {
        // Alternate between two renamed versions so every run sees one changed file.
        report(corpus, 'one function renamed', measure(runs, (i) => replaceFile(file, original.replace(from, i % 2 ? to : `${to}2`)), corpus.dir, cached));
      } finally {
        replaceFile(file, original);
      }
      runOnce(corpus.dir, cached);
    }
    const files = watchOnly ? [] : listFiles(corpus.dir);
    if (!watchOnly) report(
      corpus,
      'touch every file',
      measure(runs, (i) => {
        const when = new Date(Date.now() + (i + 1) * 1000);
        for (const file of files) utimesSync(file, when, when);
      }, corpus.dir, cached),
    );
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const edit = EDITS[corpus.tier];
  if (edit) {
    const watch = await measureWatch(corpus, edit);
    report(corpus, 'watch: edit → map rewritten', watch.latency);
    report(corpus, 'build answered by the watcher', watch.served);
    report(corpus, 'watcher RSS after 1,000 edits', watch.rss);
  }
}
if (asJson) console.log(JSON.stringify({ machine: `${os.cpus().length} × ${os.cpus()[0]?.model}`, node: process.version, date: new Date().toISOString(), results }, null, 2));
