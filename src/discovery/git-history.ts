/**
 * Reads the recent history of a repository for the co-change signal: the files each commit
 * before HEAD changed, relative to the root. One bounded `git log` (HISTORY_MAX_COMMITS commits,
 * HISTORY_TIMEOUT_MS); commits that touch more than HISTORY_MAX_FILES files (formatting runs,
 * renames of a tree, vendoring) say nothing about which files belong together and are left out.
 * Returns undefined outside a git work tree, without a commit, or when git fails or runs late.
 */
import { execFile } from 'node:child_process';
import { runGit } from './git-files.js';

export const HISTORY_MAX_COMMITS = 500;
export const HISTORY_TIMEOUT_MS = 5000;
export const HISTORY_MAX_FILES = 30;
/** 500 commits of file names on a large tree stay far below this. */
const HISTORY_OUTPUT_MAX_BYTES = 64 * 1024 * 1024;

export interface GitHistory {
  /** The commit the history ends at. */
  head: string;
  /** Each kept commit's changed files (root-relative), newest first. */
  commits: string[][];
}

/** The HEAD commit of the work tree around `root`, or undefined (not git, no commit yet). */
export function readHead(root: string): string | undefined {
  return runGit(root, ['rev-parse', '--verify', '-q', 'HEAD'])?.trim() || undefined;
}

export async function readHistory(root: string, head: string): Promise<GitHistory | undefined> {
  const args = ['log', `-n${HISTORY_MAX_COMMITS}`, '--no-merges', '--name-only', '-z', '--relative', '--format=%x01%H', head, '--', '.'];
  const output = await new Promise<string | undefined>((resolve) => {
    execFile('git', args, { cwd: root, encoding: 'utf8', timeout: HISTORY_TIMEOUT_MS, maxBuffer: HISTORY_OUTPUT_MAX_BYTES }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
  if (output === undefined) return undefined;
  return { head, commits: parseLog(output) };
}

/** `\x01<hash>\0\n<path>\0<path>\0…` per commit, as `git log --name-only -z --format=%x01%H` prints it. */
export function parseLog(output: string): string[][] {
  const commits: string[][] = [];
  for (const record of output.split('\x01')) {
    const [, ...rest] = record.split('\0');
    const files = rest.map((name) => name.replace(/^\n/, '')).filter(Boolean);
    if (files.length > 0 && files.length <= HISTORY_MAX_FILES) commits.push(files);
  }
  return commits;
}
