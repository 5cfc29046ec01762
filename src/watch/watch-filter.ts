/**
 * Which paths the watcher looks at: the rules discovery applies (IgnoreRules: `.gitignore` and
 * `.repomapignore` at every level, `--exclude`, `.git/`), plus the cache directory, asked one
 * path at a time, so the file-event source never descends into an ignored tree such as
 * node_modules. Errs towards watching: a path is ignored only when it is ignored for certain (a
 * tracked file in an ignored directory is watched, as git lists it). The cookie directory is
 * always watched.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { GITIGNORE, IgnoreRules, REPOMAPIGNORE } from '../discovery/ignore-rules.js';

/** Files whose edits change what is ignored: the watcher re-reads the rules when one changes. */
export const IGNORE_FILE_NAMES: ReadonlySet<string> = new Set([GITIGNORE, REPOMAPIGNORE]);

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
  /** Forget the ignore files read so far (after one of them changed). */
  reload(): void;
}

export function createWatchFilter(options: WatchFilterOptions): WatchFilter {
  const root = options.root;
  const excludeDirs = options.excludeDirs ?? [];
  const includeDirs = options.includeDirs ?? [];
  const load = (): { rules: IgnoreRules; tracked: Set<string> } => ({
    rules: new IgnoreRules({ root, gitignore: true, exclude: options.exclude }),
    tracked: trackedDirectories(root),
  });
  let { rules, tracked } = load();

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
      if (isDirectory === undefined) return rules.isIgnored(relPath, false) && rules.isIgnored(relPath, true);
      return rules.isIgnored(relPath, isDirectory);
    },
    reload() {
      ({ rules, tracked } = load());
    },
  };
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
