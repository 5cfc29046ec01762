#!/usr/bin/env node
// Commit recall on ../shared/eval/ (`npm run eval`): for each case of cases.jsonl, check out the
// commit's parent in a clone of the repository's bundle, build the map cold (no cache) with the
// other changed files as chat files, and count a hit when the held-out file is one of the map's
// file entries. The metric and its protocol are defined in ../shared/eval/README.md.
//
// Prints per repository: recall at 1024 and 4096 tokens (all cases, and without mechanical
// commits), the median number of file entries, map entries per 1,000 tokens, the random
// baselines and the median build time; then appends the table to EVAL.md with date and commit.
//
// Options:
//   --quick            every QUICK_STRIDE-th case of each repository (a few minutes)
//   --repos a,b        only these repositories
//   --style NAME       rendering style passed to the build (aider, compact)
//   --history          co-change history as a personalization signal
//   --label TEXT       a label for the EVAL.md entry (what changed)
//   --no-record        print only; leave EVAL.md alone
//   --json FILE        also write every case's result to FILE
//   --eval-dir DIR     the evaluation set (default ../shared/eval from the repository root)
//   --tag-cache        share one tag and tree cache across a repository's cases (maps are still
//                      computed for every case; tags are keyed by content and grammar, so the
//                      maps are those of cold builds, several times faster: for iterating)
//   --dist DIR         evaluate this build instead of ./dist (a copy, so a rebuild cannot disturb a long run)
// Builds run one at a time in this process (parsing on this thread): the numbers do not depend
// on the machine's load, only the build times do.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.dirname(here);
const BUDGETS = [1024, 4096];
const TOKENIZER = 'cl100k';
/** --quick keeps cases 0, QUICK_STRIDE, 2×QUICK_STRIDE, … of each repository (about 16 each). */
const QUICK_STRIDE = 6;
/** aider's commit recall on the same cases (issue "Map quality you can measure"): the reference. */
const AIDER = {
  flask: { 1024: 0.58, 4096: 0.89, files: 6 },
  gin: { 1024: 0.42, 4096: 0.71, files: 12 },
  hono: { 1024: 0.23, 4096: 0.42, files: 7 },
};
/** Commits whose files change together for no structural reason (README: "Things to know"). */
const MECHANICAL_SUBJECT = /^(style|lint|chore|docs)\b|\b(format|formatting|clippy|typo|lint)\b/i;

function parseArgs(argv) {
  const options = { quick: false, repos: undefined, style: undefined, history: false, label: '', record: true, json: undefined, evalDir: undefined, dist: undefined, tagCache: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--repos') options.repos = value().split(',');
    else if (arg === '--style') options.style = value();
    else if (arg === '--history') options.history = true;
    else if (arg === '--label') options.label = value();
    else if (arg === '--no-record') options.record = false;
    else if (arg === '--json') options.json = value();
    else if (arg === '--eval-dir') options.evalDir = value();
    else if (arg === '--tag-cache') options.tagCache = true;
    else if (arg === '--dist') options.dist = path.resolve(value());
    else usage(`unknown argument '${arg}'`);
  }
  return options;
}

function usage(message) {
  process.stderr.write(`eval: ${message}\nusage: npm run eval -- [--quick] [--repos a,b] [--style aider|compact] [--history] [--label TEXT] [--no-record] [--json FILE]\n`);
  process.exit(2);
}

/** The README's source-file rule, per repository language. */
const EXCLUDED_DIRS = new Set(['test', 'tests', 'testing', '__tests__', 'testdata', 'fixtures', '__mocks__', 'benches', 'docs', 'doc', 'examples', 'example']);
function isSourceFile(repo, relPath) {
  const parts = relPath.split('/');
  const name = parts[parts.length - 1];
  if (parts.slice(0, -1).some((dir) => EXCLUDED_DIRS.has(dir))) return false;
  if (/(generated|\.gen\.|_gen\.|\.pb\.|_pb2\.py$|\.min\.)/.test(name)) return false;
  if (repo === 'flask') return name.endsWith('.py') && !name.startsWith('test_') && !name.endsWith('_test.py') && name !== 'conftest.py';
  if (repo === 'gin') return name.endsWith('.go') && !name.endsWith('_test.go');
  if (repo === 'hono') {
    if (!/\.(ts|tsx|mts|cts)$/.test(name) || name.endsWith('.d.ts') || /\.(test|spec|bench)\.[cm]?tsx?$/.test(name)) return false;
    return !['runtime-tests/', 'benchmarks/', 'perf-measures/'].some((prefix) => relPath.startsWith(prefix));
  }
  throw new Error(`eval: no source-file rule for repository '${repo}'`);
}

/** File entries of a map (README step 4): lines that are not empty and start with neither │ nor ⋮. */
function mapEntries(text) {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('│') && !line.startsWith('⋮'))
    .map((line) => (line.endsWith(':') ? line.slice(0, -1) : line));
}

const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const median = (values) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const mean = (values) => (values.length === 0 ? NaN : values.reduce((sum, value) => sum + value, 0) / values.length);

async function runCase(api, clone, testCase, options, cacheDir) {
  git(clone, 'checkout', '-q', '--force', '--detach', testCase.parent);
  git(clone, 'clean', '-fdxq');
  const chat = new Set(testCase.chat);
  const tracked = git(clone, 'ls-files', '-z')
    .split('\0')
    .filter((relPath) => relPath && !chat.has(relPath) && existsSync(path.join(clone, relPath)));
  const trackedSources = tracked.filter((relPath) => isSourceFile(testCase.repo, relPath));
  const result = { hit: {}, files: {}, sourceFiles: {}, entriesPerKTokens: {}, randomAll: {}, randomSource: {}, buildMs: [], mismatch: false };
  for (const budget of BUDGETS) {
    const started = performance.now();
    const map = await api.buildRepoMap({
      root: clone,
      chatFiles: testCase.chat,
      tokens: budget,
      tokenizer: TOKENIZER,
      workers: 0,
      ...(cacheDir ? { cache: new api.CacheConfig({ enabled: true, dir: cacheDir, dirConfigured: true, sizeMb: 4096, l1Size: 1000, refresh: 'always' }) } : {}),
      ...(options.style ? { style: options.style } : {}),
      ...(options.history ? { history: true } : {}),
    });
    result.buildMs.push(performance.now() - started);
    const entries = mapEntries(map.text);
    const reported = map.files.map((file) => file.path);
    if (entries.join('\n') !== [...reported].sort().join('\n') && entries.join('\n') !== reported.join('\n')) result.mismatch = true;
    const sourceEntries = entries.filter((relPath) => isSourceFile(testCase.repo, relPath));
    result.hit[budget] = entries.includes(testCase.heldout);
    result.files[budget] = entries.length;
    result.sourceFiles[budget] = sourceEntries.length;
    result.entriesPerKTokens[budget] = map.tokens > 0 ? (map.stats.mapEntries * 1000) / map.tokens : 0;
    result.randomAll[budget] = Math.min(1, entries.length / tracked.length);
    result.randomSource[budget] = Math.min(1, sourceEntries.length / trackedSources.length);
  }
  return result;
}

function summarize(repo, cases, results) {
  const row = { repo, cases: cases.length, mismatches: results.filter((r) => r.mismatch).length };
  const structural = cases.map((c, i) => (MECHANICAL_SUBJECT.test(c.subject) ? -1 : i)).filter((i) => i >= 0);
  for (const budget of BUDGETS) {
    row[budget] = {
      recall: mean(results.map((r) => (r.hit[budget] ? 1 : 0))),
      recallStructural: mean(structural.map((i) => (results[i].hit[budget] ? 1 : 0))),
      files: median(results.map((r) => r.files[budget])),
      sourceFiles: median(results.map((r) => r.sourceFiles[budget])),
      entriesPerKTokens: median(results.map((r) => r.entriesPerKTokens[budget])),
      randomAll: mean(results.map((r) => r.randomAll[budget])),
      randomSource: mean(results.map((r) => r.randomSource[budget])),
    };
  }
  row.structuralCases = structural.length;
  row.buildMs = median(results.flatMap((r) => r.buildMs));
  return row;
}

const pct = (value) => (Number.isNaN(value) ? '–' : value.toFixed(2));

function formatTable(rows) {
  const lines = [
    '| repository (cases) | recall @1024 (aider) | recall @4096 (aider) | without mechanical commits @1024 / @4096 | files shown, median @1024 / @4096 (aider @1024) | entries per 1k tokens @1024 | random baseline, source files @1024 / @4096 | build, median |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const aider = AIDER[row.repo] ?? {};
    const a = row[1024];
    const b = row[4096];
    lines.push(
      `| ${row.repo} (${row.cases}) | **${pct(a.recall)}** (${aider[1024] ?? '–'}) | **${pct(b.recall)}** (${aider[4096] ?? '–'}) | ` +
        `${pct(a.recallStructural)} / ${pct(b.recallStructural)} (${row.structuralCases} cases) | ${a.files} / ${b.files} (${aider.files ?? '–'}) | ` +
        `${a.entriesPerKTokens.toFixed(1)} | ${pct(a.randomSource)} / ${pct(b.randomSource)} | ${(row.buildMs / 1000).toFixed(1)} s |`,
    );
  }
  return lines.join('\n');
}

function describeCommit() {
  const commit = git(projectRoot, 'rev-parse', '--short', 'HEAD').trim();
  const dirty = git(projectRoot, 'status', '--porcelain', '--untracked-files=no').trim() !== '';
  return dirty ? `${commit} + uncommitted changes` : commit;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const evalDir = path.resolve(options.evalDir ?? path.join(projectRoot, '..', 'shared', 'eval'));
  const casesFile = path.join(evalDir, 'cases.jsonl');
  if (!existsSync(casesFile)) usage(`no evaluation set at ${evalDir} (expected cases.jsonl and the bundles; see --eval-dir)`);
  const allCases = readFileSync(casesFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const repos = options.repos ?? [...new Set(allCases.map((c) => c.repo))];
  const commit = describeCommit();
  const api = await import(pathToFileURL(path.join(options.dist ?? path.join(projectRoot, 'dist'), 'index.js')).href);
  const work = mkdtempSync(path.join(os.tmpdir(), 'repomap-eval-'));
  const started = Date.now();
  const rows = [];
  const perCase = [];
  try {
    for (const repo of repos) {
      let cases = allCases.filter((c) => c.repo === repo);
      if (cases.length === 0) usage(`no cases for repository '${repo}'`);
      if (options.quick) cases = cases.filter((_, i) => i % QUICK_STRIDE === 0);
      const clone = path.join(work, repo);
      execFileSync('git', ['clone', '-q', '--no-checkout', path.join(evalDir, `${repo}.bundle`), clone]);
      const results = [];
      for (const [i, testCase] of cases.entries()) {
        const result = await runCase(api, clone, testCase, options, options.tagCache ? path.join(work, `${repo}-cache`) : undefined);
        results.push(result);
        perCase.push({ ...testCase, ...result });
        process.stderr.write(`\r${repo}: ${i + 1}/${cases.length} cases`);
      }
      process.stderr.write('\n');
      rows.push(summarize(repo, cases, results));
      rmSync(clone, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const settings = [options.quick ? `--quick (every ${QUICK_STRIDE}th case)` : 'all cases', `style ${options.style ?? 'default'}`, options.history ? 'history on' : 'history off', options.tagCache ? 'tag cache shared across cases' : 'cold builds'];
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  const heading = `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${commit}${options.label ? `: ${options.label}` : ''}`;
  const table = formatTable(rows);
  const mismatches = rows.reduce((sum, row) => sum + row.mismatches, 0);
  const notes = [
    `${settings.join(', ')}; tokenizer ${TOKENIZER}; builds one at a time; ${minutes} min on ${os.cpus().length} shared cores.`,
    ...(mismatches > 0 ? [`**${mismatches} cases whose reported file list differs from the map's entries.**`] : []),
  ];
  process.stdout.write(`${heading}\n\n${table}\n\n${notes.join('\n')}\n`);
  if (options.json) writeFileSync(options.json, `${JSON.stringify({ options, rows, cases: perCase }, null, 1)}\n`);
  if (options.record) {
    const file = path.join(projectRoot, 'EVAL.md');
    if (!existsSync(file)) writeFileSync(file, EVAL_HEADER);
    appendFileSync(file, `\n${heading}\n\n${table}\n\n${notes.join('\n')}\n`);
    process.stderr.write(`appended to ${path.relative(process.cwd(), file) || file}\n`);
  }
}

const EVAL_HEADER = `# Map quality: commit recall

\`npm run eval\` replays the cases of the evaluation set (\`../shared/eval/\`, see its README): for a
real commit that changed 2–6 source files, build the map of the parent commit with all but one of
those files in the chat, and count a hit when the map names the one held out. Recall is hits over
cases, at 1024 and 4096 tokens (cl100k). "Files shown" is the median number of file entries a map
holds: a map that names more files finds more. The random baseline is the recall of as many
source files drawn at random. aider's figures (in parentheses) are the reference to beat.
Each entry below is one run, newest last; \`--quick\` runs use a subset of the cases.
`;

await main();
