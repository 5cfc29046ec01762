// Cold builds against the parsing floor, in one run: `npm run bench -- --floor [tiers]`.
// Per corpus, alternately: ../shared/bench/tags-floor.mjs (read, parse, plain tags query on two
// worker threads, nothing else; see its README) over the corpus's files of the floor's
// languages, and `repomap build --no-cache --workers 2`; whole-process wall times, medians of
// the runs, and their ratio. The floor script's place can be given with --floor-script PATH.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** File extensions the floor has a tags query for, per corpus tier. */
const FLOOR_EXTENSIONS = { small: ['.py'], medium: ['.go'], large: ['.c', '.h'], rust: ['.rs'] };
const WORKERS = '2';

function floorFiles(dir, extensions) {
  const names = execFileSync('find', ['.', '-type', 'f'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).trim().split('\n');
  return names
    .map((name) => name.replace(/^\.\//, ''))
    .filter((name) => extensions.some((extension) => name.endsWith(extension)))
    .sort();
}

function timed(command, args, env) {
  const started = process.hrtime.bigint();
  const child = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`${path.basename(args[0] ?? command)} failed (exit ${child.status}): ${child.stderr}`);
  return { seconds, stdout: child.stdout.toString() };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Rows of { corpus, floorSeconds, buildSeconds, ratio, load } for the installed corpora. */
export function benchFloor(corpora, { projectRoot, floorScript, runs }) {
  const rows = [];
  for (const corpus of corpora) {
    const extensions = FLOOR_EXTENSIONS[corpus.tier];
    if (!extensions) continue;
    const work = mkdtempSync(path.join(os.tmpdir(), 'repomap-bench-floor-'));
    try {
      const list = path.join(work, 'files.list');
      writeFileSync(list, `${floorFiles(corpus.dir, extensions).join('\n')}\n`);
      const env = {
        TS_MODULE: path.join(projectRoot, 'node_modules', 'web-tree-sitter', 'tree-sitter.js'),
        TS_WASM_DIR: path.join(projectRoot, 'node_modules', 'tree-sitter-wasms', 'out'),
      };
      const count = corpus.tier === 'large' ? 1 : runs;
      const floors = [];
      const builds = [];
      const loadBefore = os.loadavg()[0];
      for (let i = 0; i < count; i++) {
        floors.push(timed(process.execPath, [floorScript, '--root', corpus.dir, '--list', list, '--mode', 'tags', '--workers', WORKERS], env).seconds);
        builds.push(timed(process.execPath, [path.join(projectRoot, 'bin', 'repomap.js'), 'build', '--root', corpus.dir, '--no-cache', '--workers', WORKERS], {}).seconds);
      }
      const floorSeconds = median(floors);
      const buildSeconds = median(builds);
      rows.push({ corpus: corpus.tier, floorSeconds, buildSeconds, ratio: buildSeconds / floorSeconds, floors, builds, load: [loadBefore, os.loadavg()[0]] });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return rows;
}
