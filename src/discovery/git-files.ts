/**
 * Asks git for a root's files: tracked plus untracked-but-not-ignored, relative to the root
 * (which may be a subdirectory of the work tree). Returns undefined outside a git work tree, or
 * when git is not installed, so the caller can fall back to walking the directory.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

/** git ls-files on the Linux kernel prints ~4 MB; leave ample room. */
const GIT_OUTPUT_MAX_BYTES = 512 * 1024 * 1024;

export function listGitFiles(root: string): string[] | undefined {
  // One process: without --full-name, ls-files prints paths relative to its working directory,
  // and outside a work tree (or inside .git) it fails. -z: names unquoted, whatever they hold.
  const output = runGit(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '.']);
  if (output === undefined) return undefined;
  // A file both tracked and untracked-listed (merge stages) appears once per stage.
  return [...new Set(output.split('\0').filter(Boolean))];
}

/**
 * How many files git tracks in the work tree whose top level is `root`, read from the header of
 * its index (12 bytes, no process started); undefined when `root` is not such a top level (a
 * subdirectory, a linked worktree) or the index cannot be read.
 */
export function trackedFileCount(root: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path.join(root, '.git', 'index'), 'r');
    const header = Buffer.alloc(12);
    if (readSync(fd, header, 0, 12, 0) < 12 || header.toString('latin1', 0, 4) !== 'DIRC') return undefined;
    return header.readUInt32BE(8);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function findGitTopLevel(cwd: string): string | undefined {
  return runGit(cwd, ['rev-parse', '--show-toplevel'])?.trim() || undefined;
}

/** Runs git in `cwd`; its stdout, or undefined when git is missing or fails. */
export function runGit(cwd: string, args: string[]): string | undefined {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: GIT_OUTPUT_MAX_BYTES,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout;
}
