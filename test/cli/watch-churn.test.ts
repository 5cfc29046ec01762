/**
 * The watcher under churn, end to end: 1,000 random edits, creates, renames and deletes plus a
 * branch switch in a git repository, then the watcher's map (the --output file, and `build`
 * answered over the socket) must equal a cold `build --no-cache` byte for byte. And 10,000 edit
 * events must leave the watcher's memory bounded.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveBuildOptions } from '../../src/options/build-options.js';
import { askWatcherForMap, askWatcherStatus } from '../../src/serve/client.js';
import { makeTempDir } from '../helpers.js';
import { runRepomap, startWatch, waitUntil } from '../support/watch-process.js';

const CONVERGE_MS = 60_000;

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Python module defining a few functions that call functions of other modules. */
function moduleText(name: string, generation: number, others: string[], next: () => number): string {
  const lines: string[] = [];
  const callees = others.slice(0, 3).map((other) => other.replace(/\W/g, '_'));
  for (let f = 0; f < 3; f++) {
    lines.push(`def ${name.replace(/\W/g, '_')}_fn${f}_g${generation % 5}(value):`);
    const callee = callees[Math.floor(next() * Math.max(callees.length, 1))];
    lines.push(callee ? `    return ${callee}_fn${f}_g${Math.floor(next() * 5)}(value)` : '    return value', '');
  }
  return lines.join('\n');
}

function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root, stdio: 'ignore' });
}

function makeRepo(next: () => number): string {
  const root = makeTempDir('repomap-churn-');
  git(root, 'init', '-q', '-b', 'main');
  for (let i = 0; i < 40; i++) {
    const dir = path.join(root, `pkg${i % 5}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `mod${i}.py`), moduleText(`mod${i}`, 0, [`mod${(i + 1) % 40}`, `mod${(i + 7) % 40}`], next));
  }
  writeFileSync(path.join(root, '.gitignore'), 'build/\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  git(root, 'checkout', '-q', '-b', 'other');
  for (let i = 0; i < 40; i += 3) writeFileSync(path.join(root, `pkg${i % 5}`, `mod${i}.py`), moduleText(`mod${i}`, 9, [`mod${(i + 2) % 40}`], next));
  rmSync(path.join(root, 'pkg1', 'mod1.py'));
  mkdirSync(path.join(root, 'feature'));
  writeFileSync(path.join(root, 'feature', 'flag.py'), moduleText('flag', 1, ['mod0', 'mod2'], next));
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'other');
  git(root, 'checkout', '-q', 'main');
  return root;
}

function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === '.repomap') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.py')) files.push(full);
    }
  };
  visit(root);
  return files.sort();
}

/** One random edit, create, rename or delete; returns nothing, the tree is the record. */
function churnOnce(root: string, step: number, next: () => number): void {
  const files = sourceFiles(root);
  const pick = (): string => files[Math.floor(next() * files.length)]!;
  const roll = next();
  const stem = (file: string): string => path.basename(file, '.py');
  if (roll < 0.55 && files.length > 0) {
    const file = pick();
    writeFileSync(file, moduleText(stem(file), step, [stem(pick()), stem(pick())], next));
  } else if (roll < 0.75 || files.length < 10) {
    const dir = path.join(root, next() < 0.2 ? `new${step % 4}` : `pkg${Math.floor(next() * 5)}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `c${step}.py`), moduleText(`c${step}`, step, [stem(pick()), stem(pick())], next));
  } else if (roll < 0.88) {
    const file = pick();
    renameSync(file, path.join(path.dirname(file), `r${step}.py`));
  } else if (roll < 0.98) {
    rmSync(pick());
  } else {
    // Now and then something git ignores: never part of the map.
    mkdirSync(path.join(root, 'build'), { recursive: true });
    writeFileSync(path.join(root, 'build', `out${step}.py`), 'def ignored_output():\n    return 1\n');
  }
}

describe('repomap watch under churn', { timeout: 300_000 }, () => {
  test('1,000 random edits, creates, renames and deletes plus a branch switch: the watcher ends equal to build --no-cache', async () => {
    const next = random(20261201);
    const root = makeRepo(next);
    const output = path.join(makeTempDir(), 'map.txt');
    const watcher = startWatch(['--output', output, '--verbose', '--tokens', '2048'], root);
    try {
      await watcher.waitForStderr(/answering builds on/);
      for (let step = 0; step < 1000; step++) {
        churnOnce(root, step, next);
        // Let events flow now and then, so updates run while the churn goes on.
        if (step % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', 'churn');
      git(root, 'checkout', '-q', 'other');
      expect(existsSync(path.join(root, 'feature', 'flag.py'))).toBe(true);

      // Through the socket first, without waiting: the reply must already include the checkout.
      const expected = (await runRepomap(['build', '--no-cache', '--tokens', '2048'], root)).stdout;
      const served = await runRepomap(['build', '--verbose', '--tokens', '2048'], root);
      expect(served.stderr).toMatch(/answered by the watcher/);
      expect(served.stdout).toBe(expected);
      await waitUntil(() => existsSync(output) && readFileSync(output, 'utf8') === expected, CONVERGE_MS, () => `the --output map never matched build --no-cache`);
    } finally {
      expect(await watcher.stop()).toBe(0);
    }
  });

  test('10,000 edit events leave the watcher resident memory and identifier table bounded', async () => {
    const next = random(7);
    const root = makeRepo(next);
    const watcher = startWatch(['--output', path.join(makeTempDir(), 'map.txt'), '--verbose'], root);
    const files = sourceFiles(root);
    // The flags as the CLI hands them over (commander fills in the defaults).
    const { settings, request } = resolveBuildOptions([], { root, maxFileBytes: String(1024 * 1024), tokens: '1024' }, root);
    const sample = async (): Promise<{ rss: number; identifiers: number }> => {
      // A map through the socket makes the watcher take in every edit made so far.
      const answer = await askWatcherForMap(settings, request);
      if (!answer.ok) throw new Error(answer.reason);
      const status = await askWatcherStatus(settings.cache!.dir);
      if (!status.ok) throw new Error(status.reason);
      return { rss: status.value.rssBytes, identifiers: status.value.index.identifiers };
    };
    try {
      await watcher.waitForStderr(/answering builds on/);
      const samples: Array<{ rss: number; identifiers: number }> = [];
      for (let edit = 0; edit < 10_000; edit++) {
        const file = files[edit % files.length]!;
        // Every edit brings identifiers never seen before.
        writeFileSync(file, moduleText(`${path.basename(file, '.py')}_e${edit}`, edit, ['mod0', 'mod1'], next));
        if (edit % 250 === 249) samples.push(await sample());
      }
      const base = samples[1]!;
      const later = samples.slice(2);
      expect(Math.max(...later.map((s) => s.rss))).toBeLessThan(base.rss * 1.5 + 64 * 1024 * 1024);
      // Without compaction the table would hold every name of the 40 updates (~5,000).
      expect(Math.max(...later.map((s) => s.identifiers))).toBeLessThan(base.identifiers * 4 + 200);
    } finally {
      expect(await watcher.stop()).toBe(0);
    }
  });
});
