/**
 * Discovery: the repository's candidate source files with their size and mtime, and the files
 * left out with a reason. Lists with git when the root is in a work tree, else walks with
 * .gitignore rules. Never lists `.git/`, the cache directory or symlinks leading out of the root.
 */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareCodePoints, isWithin, toAbsPath } from '../paths.js';
import type { SkippedFile, SourceFile } from '../types.js';
import ignore from 'ignore';
import { listGitFiles } from './git-files.js';
import { walkFiles } from './walk-files.js';

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

export interface DiscoverOptions {
  root: string;
  /** Files over this many bytes are skipped as too large. */
  maxFileBytes?: number;
  /** Root-relative directories never listed (the cache directory, when it is inside the root). */
  excludeDirs?: string[];
  /** Gitignore-style patterns (relative to the root) of files to leave out. */
  exclude?: string[];
}

export interface DiscoveryResult {
  root: string;
  files: SourceFile[];
  skipped: SkippedFile[];
  usedGit: boolean;
}

export function discoverFiles(options: DiscoverOptions): DiscoveryResult {
  const root = path.resolve(options.root);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const excludeDirs = options.excludeDirs ?? [];
  const gitFiles = listGitFiles(root);
  const listed = gitFiles ?? walkFiles(root, { excludeDirs: new Set(excludeDirs) });
  const excluded = options.exclude && options.exclude.length > 0 ? ignore().add(options.exclude) : undefined;
  const realRoot = realpathSync(root);
  const files: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const relPath of listed) {
    if (excludeDirs.some((dir) => isWithin(relPath, dir))) continue;
    if (excluded?.ignores(relPath)) continue;
    const absPath = toAbsPath(root, relPath);
    const file = statCandidate(relPath, absPath, realRoot, maxFileBytes);
    if (!file) continue;
    if ('reason' in file) skipped.push(file);
    else files.push(file);
  }
  files.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
  skipped.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
  return { root, files, skipped, usedGit: gitFiles !== undefined };
}

/**
 * One path as discovery would see it, without listing the tree: a file to map, a skip with its
 * reason, or undefined when it is not there. Ignore rules are not applied (the caller knows the
 * path is listed).
 */
export function statFile(root: string, relPath: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): SourceFile | SkippedFile | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined;
  }
  return statCandidate(relPath, toAbsPath(path.resolve(root), relPath), realRoot, maxFileBytes);
}

/** A file to map, a skip with its reason, or undefined for a path that is simply not there. */
function statCandidate(
  relPath: string,
  absPath: string,
  realRoot: string,
  maxFileBytes: number,
): SourceFile | SkippedFile | undefined {
  let stats;
  try {
    stats = lstatSync(absPath);
    if (stats.isSymbolicLink()) {
      const target = realpathSync(absPath);
      const fromRoot = path.relative(realRoot, target);
      if (fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) {
        return { relPath, reason: 'symlink-outside-root', detail: target };
      }
      stats = statSync(absPath);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Tracked but deleted in the work tree, or a dangling link: not part of the repo as it is.
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') return { relPath, reason: 'unreadable', detail: 'symlink loop' };
    return { relPath, reason: 'unreadable', detail: code ?? String(error) };
  }
  if (!stats.isFile()) return { relPath, reason: 'not-a-file', detail: stats.isDirectory() ? 'directory' : 'special file' };
  if (stats.size > maxFileBytes) {
    return { relPath, reason: 'too-large', detail: `${stats.size} bytes > ${maxFileBytes}` };
  }
  return { relPath, absPath, size: stats.size, mtimeMs: stats.mtimeMs };
}
