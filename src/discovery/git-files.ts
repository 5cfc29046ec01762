/**
 * Asks git for a root's files: tracked plus untracked-but-not-ignored, relative to the root
 * (which may be a subdirectory of the work tree). Returns undefined outside a git work tree, or
 * when git is not installed, so the caller can fall back to walking the directory.
 */
import { spawnSync } from 'node:child_process';

/** git ls-files on the Linux kernel prints ~4 MB; leave ample room. */
const GIT_OUTPUT_MAX_BYTES = 512 * 1024 * 1024;

export function listGitFiles(root: string): string[] | undefined {
  const inside = runGit(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside?.trim() !== 'true') return undefined;
  const output = runGit(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name', '.']);
  if (output === undefined) return undefined;
  const prefix = runGit(root, ['rev-parse', '--show-prefix'])?.trim() ?? '';
  const paths = output.split('\0').filter(Boolean);
  // --full-name gives paths from the top of the work tree; make them relative to the root.
  const relative = prefix ? paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length)) : paths;
  return [...new Set(relative)];
}

export function findGitTopLevel(cwd: string): string | undefined {
  return runGit(cwd, ['rev-parse', '--show-toplevel'])?.trim() || undefined;
}

function runGit(cwd: string, args: string[]): string | undefined {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: GIT_OUTPUT_MAX_BYTES,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout;
}
