/** Shared test helpers: fixture paths and temporary copies of fixture repositories. */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { FileTags } from '../src/types.js';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
export const FIXTURES = path.join(PROJECT_ROOT, 'fixtures');
export const BIN = path.join(PROJECT_ROOT, 'bin', 'repomap.js');
/** `node --import FORBID` with REPOMAP_FORBID_MODULES=a,b fails on any import of a or b. */
export const FORBID = path.join(PROJECT_ROOT, 'test', 'support', 'forbid-modules.mjs');

export interface Run {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** The built binary, run to completion in `cwd`. */
export function runRepomap(args: string[], cwd: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Run {
  const result = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.status };
}

const temporaryDirs: string[] = [];

afterEach(() => {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function makeTempDir(prefix = 'repomap-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

/** A fresh copy of fixtures/repos/<scenario> in a temporary directory (outside any git repo). */
export function copyFixtureRepo(scenario: string): string {
  const dir = makeTempDir(`repomap-${scenario}-`);
  // A cache left in the fixture by running the README's examples is not part of the scenario.
  cpSync(path.join(FIXTURES, 'repos', scenario), dir, { recursive: true, filter: (source) => path.basename(source) !== '.repomap' });
  return dir;
}

/** Writes files (root-relative path → content) under a root, creating directories. */
export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [relPath, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relPath)), { recursive: true });
    writeFileSync(path.join(root, relPath), content);
  }
}

/** Runs git in a directory with a throwaway identity, quietly. */
export function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, stdio: 'ignore' });
}

/** A file's tags from compact lists: definitions as [name, line], references as [name, count]. */
export function fileTags(relPath: string, defs: Array<[string, number]>, refs: Array<[string, number]> = [], language = 'python'): FileTags {
  return {
    relPath,
    language,
    definitions: defs.map(([name, line]) => ({ relPath, name, line, column: 0, role: 'definition', kind: 'function' })),
    references: refs.map(([name, count]) => ({ name, kind: 'call', line: 0, column: 0, count })),
    backfilled: false,
    scopes: [],
  };
}
