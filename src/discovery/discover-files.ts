/**
 * Discovery: the repository's candidate source files with their size and mtime, and the files
 * left out with a reason. Lists with git when the root is in a work tree, else walks the tree;
 * either way the ignore rules (ignore-rules.ts) decide what is left out. Never follows symlinks
 * leading out of the root.
 */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareCodePoints, toAbsPath } from '../paths.js';
import type { SkippedFile, SourceFile } from '../types.js';
import { listGitFiles } from './git-files.js';
import { IgnoreRules } from './ignore-rules.js';
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
  const gitFiles = listGitFiles(root);
  // git has applied the .gitignore files (and .git/info/exclude) to its listing already.
  const rules = new IgnoreRules({ root, gitignore: !gitFiles, excludeDirs: options.excludeDirs, exclude: options.exclude });
  if (gitFiles) noteListedDirectories(rules, gitFiles);
  const listed = gitFiles?.filter((relPath) => !rules.isIgnored(relPath, false)) ?? walkFiles(root, rules);
  const realRoot = realpathSync(root);
  const files: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const relPath of listed) {
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
 * Tells the rules which ignore files git listed in each directory, so directories without one
 * are not read blind. The root is left unnoted: its `.repomapignore` is read even when git
 * ignores it (a personal one, kept out of the repository).
 */
function noteListedDirectories(rules: IgnoreRules, relPaths: readonly string[]): void {
  const names = new Map<string, string[]>();
  for (const relPath of relPaths) {
    let slash = relPath.lastIndexOf('/');
    let child = relPath.slice(slash + 1);
    while (slash > 0) {
      const dir = relPath.slice(0, slash);
      const known = names.get(dir);
      if (known) {
        known.push(child);
        break; // its ancestors were noted with it
      }
      names.set(dir, [child]);
      slash = dir.lastIndexOf('/');
      child = dir.slice(slash + 1);
    }
  }
  for (const [dir, children] of names) rules.noteDirectory(dir, children);
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
