/**
 * Which paths the watcher looks at: the rules discovery applies (nested .gitignore files,
 * `--exclude`, `.git/`, the cache directory), asked one path at a time, so the file-event source
 * never descends into an ignored tree such as node_modules. Errs towards watching: a path is
 * ignored only when it is ignored for certain (a tracked file in an ignored directory is watched,
 * as git lists it). The cookie directory inside the cache directory is always watched.
 */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Files whose edits change what is ignored: the watcher re-reads the rules when one changes. */
export const IGNORE_FILE_NAMES: ReadonlySet<string> = new Set(['.gitignore', '.repomapignore']);

export interface WatchFilterOptions {
  root: string;
  /** `--exclude` patterns (gitignore syntax, relative to the root). */
  exclude?: string[];
  /** Absolute directories never watched (the cache directory). */
  excludeDirs?: string[];
  /** Absolute directories always watched, even inside an excluded one (the cookie directory). */
  includeDirs?: string[];
}

export interface WatchFilter {
  /** `isDirectory` undefined: not known yet; ignored only if ignored as a file and as a directory. */
  isIgnored(absPath: string, isDirectory?: boolean): boolean;
  /** Forget the .gitignore files read so far (after one of them changed). */
  reload(): void;
}

export function createWatchFilter(options: WatchFilterOptions): WatchFilter {
  const root = options.root;
  const excluded = options.exclude && options.exclude.length > 0 ? ignore().add(options.exclude) : undefined;
  const excludeDirs = options.excludeDirs ?? [];
  const includeDirs = options.includeDirs ?? [];
  let levels = new Map<string, Ignore | null>();
  let tracked = trackedDirectories(root);

  const rulesOf = (dirRel: string): Ignore | null => {
    let rules = levels.get(dirRel);
    if (rules === undefined) {
      rules = readIgnoreFile(path.join(root, dirRel, '.gitignore'));
      levels.set(dirRel, rules);
    }
    return rules;
  };

  const isIgnoredAs = (relPath: string, isDirectory: boolean): boolean => {
    if (excluded?.ignores(isDirectory ? `${relPath}/` : relPath)) return true;
    // git's rule: the deepest .gitignore that has a verdict wins; an ignored directory hides all below.
    const parts = relPath.split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      const candidateIsDirectory = depth < parts.length || isDirectory;
      let ignored = false;
      for (let level = 0; level < depth; level++) {
        const rules = rulesOf(parts.slice(0, level).join('/'));
        if (!rules) continue;
        const local = parts.slice(level, depth).join('/');
        const verdict = rules.test(candidateIsDirectory ? `${local}/` : local);
        if (verdict.ignored) ignored = true;
        else if (verdict.unignored) ignored = false;
      }
      if (ignored) return true;
    }
    return false;
  };

  return {
    isIgnored(absPath, isDirectory) {
      if (includeDirs.some((dir) => absPath === dir || absPath.startsWith(dir + path.sep))) return false;
      if (excludeDirs.some((dir) => absPath === dir || absPath.startsWith(dir + path.sep))) return true;
      const relative = path.relative(root, absPath);
      if (relative === '') return false;
      if (relative.startsWith('..') || path.isAbsolute(relative)) return true;
      const relPath = relative.split(path.sep).join('/');
      if (relPath === '.git' || relPath.startsWith('.git/') || relPath.includes('/.git/') || relPath.endsWith('/.git')) return true;
      if (tracked.has(relPath)) return false;
      if (isDirectory === undefined) return isIgnoredAs(relPath, false) && isIgnoredAs(relPath, true);
      return isIgnoredAs(relPath, isDirectory);
    },
    reload() {
      levels = new Map();
      tracked = trackedDirectories(root);
    },
  };
}

function readIgnoreFile(file: string): Ignore | null {
  try {
    return ignore().add(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Tracked files inside ignored directories and their directories (git lists them, so they are watched). */
function trackedDirectories(root: string): Set<string> {
  const listing = spawnSync('git', ['ls-files', '-z', '--cached', '-i', '--exclude-standard', '.'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const kept = new Set<string>();
  if (listing.error || listing.status !== 0) return kept;
  for (const relPath of listing.stdout.split('\0').filter(Boolean)) {
    for (let at = relPath.length; at > 0; at = relPath.lastIndexOf('/', at - 1)) {
      const prefix = relPath.slice(0, at);
      if (kept.has(prefix)) break;
      kept.add(prefix);
    }
  }
  return kept;
}
