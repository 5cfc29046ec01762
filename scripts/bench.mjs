#!/usr/bin/env node
// Benchmarks `repomap build` on real corpora: `npm run bench` (add `-- large` for Linux).
// Installs the corpora with ../shared/corpora/install.sh, then for each corpus runs the CLI in
// a fresh process and prints files, wall time and peak RSS at 1024 and 4096 tokens.
// Options: --runs N (default 3; the median is printed), --json, tier names to pick corpora.
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 3;
const asJson = args.includes('--json');
const tiers = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--runs');
const TIER_NAMES = { small: 'Django 3.2', medium: 'Go 1.19 stdlib', ts: 'RxJS 7.8', rust: 'Rust 1.63', large: 'Linux 6.1' };
const selected = tiers.length > 0 ? tiers : ['small', 'medium', 'ts'];
if (tiers.includes('large') && tiers.length === 1) selected.unshift('small', 'medium', 'ts');
const BUDGETS = [1024, 4096];

console.error(`installing corpora: ${selected.join(' ')}`);
const installed = execFileSync('bash', [path.join(here, 'install-corpora.sh'), ...selected], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .map((line) => line.split(' '))
  .map(([tier, dir, files, mb]) => ({ tier, dir, files: Number(files), mb: Number(mb) }));

function runOnce(dir, tokens) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [path.join(here, 'bench-child.mjs'), 'build', '--root', dir, '--tokens', String(tokens), '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`repomap build failed on ${dir} (exit ${child.status})`);
  const { maxRssKb } = JSON.parse(child.output[3].toString());
  return { seconds, rssMb: maxRssKb / 1024, bytes: child.stdout.length };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = [];
for (const corpus of installed) {
  for (const tokens of BUDGETS) {
    const samples = Array.from({ length: runs }, () => runOnce(corpus.dir, tokens));
    const row = {
      corpus: TIER_NAMES[corpus.tier] ?? corpus.tier,
      files: corpus.files,
      mb: corpus.mb,
      tokens,
      seconds: median(samples.map((s) => s.seconds)),
      rssMb: Math.max(...samples.map((s) => s.rssMb)),
    };
    results.push(row);
    if (!asJson) {
      console.log(
        `${row.corpus.padEnd(16)} ${String(row.files).padStart(6)} files ${String(row.mb).padStart(6)} MB  ` +
          `cold build @${String(tokens).padStart(4)} tokens: ${row.seconds.toFixed(2).padStart(7)} s  peak RSS ${row.rssMb.toFixed(0).padStart(4)} MiB`,
      );
    }
  }
}
if (asJson) console.log(JSON.stringify({ machine: `${os.cpus().length} × ${os.cpus()[0]?.model}`, node: process.version, results }, null, 2));
