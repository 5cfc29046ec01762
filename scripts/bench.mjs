#!/usr/bin/env node
// Benchmarks `repomap build` on real corpora: `npm run bench` (add `-- large` for Linux).
// Installs the corpora with ../shared/corpora/install.sh, then per corpus runs the CLI in fresh
// processes and prints wall time and peak RSS for:
//   cold, no cache, at 1024 and 4096 tokens (the pure pipeline);
//   cold with an empty cache (a first run: also hashes and stores everything);
//   warm: nothing changed; one function renamed in one file; `touch` on every file.
// Options: --runs N (median of N, default 3; cold Linux runs once), --json, tier names
// (`large` alone means all four tiers; add --only to run just the tiers named), --remote to
// measure the team cache instead (scripts/bench-remote.mjs: needs redis-server).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 3;
const asJson = args.includes('--json');
const tiers = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--runs');
const NAMES = { small: 'Django 3.2', medium: 'Go 1.19 stdlib', ts: 'RxJS 7.8', rust: 'Rust 1.63', large: 'Linux 6.1' };
/** One function per corpus to rename: [file, old text, new text]. */
const EDITS = {
  small: ['db/models/query.py', 'def get_or_create(', 'def get_or_create_renamed('],
  medium: ['fmt/print.go', 'func Sprintf(', 'func SprintfRenamed('],
  ts: ['internal/Observable.ts', 'subscribe(', 'subscribeRenamed('],
  large: ['kernel/fork.c', 'pid_t kernel_clone(', 'pid_t kernel_clone_renamed('],
};
const only = args.includes('--only');
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
  return { seconds, rssMb: maxRssKb / 1024, parsed: parsed === undefined ? 0 : Number(parsed) };
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

if (args.includes('--remote')) {
  const { benchRemote } = await import('./bench-remote.mjs');
  const rows = await benchRemote(installed.map((corpus) => ({ name: NAMES[corpus.tier] ?? corpus.tier, dir: corpus.dir })), { runs: runsFlag >= 0 ? runs : 1 });
  if (asJson) console.log(JSON.stringify({ machine: `${os.cpus().length} × ${os.cpus()[0]?.model}`, node: process.version, date: new Date().toISOString(), rows }, null, 2));
  process.exit(0);
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
  for (const tokens of [1024, 4096]) {
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
    const files = listFiles(corpus.dir);
    report(
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
}
if (asJson) console.log(JSON.stringify({ machine: `${os.cpus().length} × ${os.cpus()[0]?.model}`, node: process.version, date: new Date().toISOString(), results }, null, 2));
