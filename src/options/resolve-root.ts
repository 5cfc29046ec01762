/**
 * Where the repository is: `--root` if given, else the git work tree around the current
 * directory, else the current directory. Paths on the command line must lie inside the root; a
 * relative one is taken from the current directory when that names a path inside the root, and
 * from the root when the current directory is outside it (`repomap inspect --root DIR src/x.py`
 * run from elsewhere means DIR/src/x.py).
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
  const absolute = fromCwdOrRoot(input, root, cwd);
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

function isInside(root: string, absolute: string): boolean {
  const relative = path.relative(root, absolute);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function realOrSelf(absolute: string): string {
  return existsSync(absolute) ? realpathSync(absolute) : absolute;
}

function fromCwdOrRoot(input: string, root: string, cwd: string): string {
  const fromCwd = path.resolve(cwd, input);
  if (path.isAbsolute(input) || isInside(root, realOrSelf(cwd))) return fromCwd;
  return existsSync(fromCwd) && isInside(root, realOrSelf(fromCwd)) ? fromCwd : path.resolve(root, input);
}
