/**
 * Where the repository is: `--root` if given, else the git work tree around the current
 * directory, else the current directory. Paths on the command line are resolved against the
 * current directory and must lie inside the root.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { findGitTopLevel } from '../discovery/git-files.js';
import { UsageError } from '../errors.js';

export function resolveRoot(rootFlag: string | undefined, cwd: string): string {
  if (rootFlag !== undefined) {
    const root = path.resolve(cwd, rootFlag);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--root: not a directory: ${rootFlag}`);
    return realpathSync(root);
  }
  return realpathSync(findGitTopLevel(cwd) ?? cwd);
}

export interface RootPathOptions {
  flag: string;
  root: string;
  cwd: string;
  mustExist: boolean;
  mustBeFile?: boolean;
}

/** A command-line path as a root-relative POSIX path; usage errors name the flag and the path. */
export function toRootRelative(input: string, { flag, root, cwd, mustExist, mustBeFile }: RootPathOptions): string {
  const absolute = path.resolve(cwd, input);
  if (mustExist) {
    if (!existsSync(absolute)) throw new UsageError(`${flag}: no such file or directory: ${input}`);
    if (mustBeFile && !statSync(absolute).isFile()) throw new UsageError(`${flag}: not a file: ${input}`);
  }
  const real = existsSync(absolute) ? realpathSync(absolute) : absolute;
  const relative = path.relative(root, real);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new UsageError(`${flag}: ${input} is outside the repository root ${root}`);
  }
  return relative.split(path.sep).join('/');
}
