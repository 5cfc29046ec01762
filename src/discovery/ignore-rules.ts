/**
 * Every rule that leaves a path out of the repository, in one matcher with a per-path
 * predicate: `.git/` and the cache directory, `.gitignore` files (when git has not applied them
 * already), `.repomapignore` files at any level, and `--exclude` patterns. Answers one path
 * without listing the tree (ignore files are read once per directory, on first need), so a file
 * watcher can ask it about each event; `reload` re-reads an ignore file that changed.
 *
 * Precedence: a path is left out when any of the four kinds says so. Within `.gitignore` files,
 * and separately within `.repomapignore` files, git's rules hold: a deeper file overrides a
 * shallower one, and nothing below an ignored directory can be re-included. A `!` pattern
 * therefore re-includes only what its own kind left out: `.repomapignore` cannot bring back a
 * gitignored file, and nothing brings back a file `--exclude` names.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isWithin } from '../paths.js';

export const GITIGNORE = '.gitignore';
export const REPOMAPIGNORE = '.repomapignore';
const IGNORE_FILE_NAMES = [GITIGNORE, REPOMAPIGNORE] as const;
type IgnoreFileName = (typeof IGNORE_FILE_NAMES)[number];

export interface IgnoreRulesOptions {
  /** Repository root (absolute). */
  root: string;
  /** Apply `.gitignore` files; false when git listed the files and so already applied them. */
  gitignore: boolean;
  /** Root-relative directories never listed (the cache directory, when it is inside the root). */
  excludeDirs?: readonly string[];
  /** Gitignore-style patterns, relative to the root (`--exclude`). */
  exclude?: readonly string[];
}

/** A directory's own ignore files; undefined where the directory has none of that kind. */
type DirectoryRules = Record<IgnoreFileName, Ignore | undefined>;

export class IgnoreRules {
  private readonly root: string;
  private readonly kinds: readonly IgnoreFileName[];
  private readonly excludeDirs: readonly string[];
  private readonly exclude: Ignore | undefined;
  /** Per directory ('' for the root): its parsed ignore files, read on first need. */
  private readonly directories = new Map<string, DirectoryRules>();
  /** Ignore files known to exist per directory, from a listing; other directories are read blind. */
  private readonly listed = new Map<string, Set<string>>();
  /** Verdicts for directories, so a path's ancestors are judged once each. */
  private readonly directoryVerdicts = new Map<string, boolean>();

  constructor(options: IgnoreRulesOptions) {
    this.root = options.root;
    this.kinds = options.gitignore ? IGNORE_FILE_NAMES : [REPOMAPIGNORE];
    this.excludeDirs = options.excludeDirs ?? [];
    this.exclude = options.exclude && options.exclude.length > 0 ? ignore().add([...options.exclude]) : undefined;
  }

  /** True for a file name these rules read (`.gitignore` only when they apply it). */
  isIgnoreFile(relPath: string): boolean {
    return (this.kinds as readonly string[]).includes(path.posix.basename(relPath));
  }

  /**
   * Tells the rules which names a directory holds, sparing a read attempt for each ignore file
   * it lacks (a failed read per directory costs ~60 ms over the Linux kernel's 4,600).
   */
  noteDirectory(dirRel: string, names: Iterable<string>): void {
    const present = new Set<string>();
    for (const name of names) if (this.isIgnoreFile(name)) present.add(name);
    this.listed.set(dirRel, present);
  }

  /** True when the path (root-relative, POSIX) is left out; a directory leaves out all below it. */
  isIgnored(relPath: string, isDirectory: boolean): boolean {
    if (relPath === '' || relPath === '.') return false;
    if (isDirectory) {
      const known = this.directoryVerdicts.get(relPath);
      if (known !== undefined) return known;
    }
    const slash = relPath.lastIndexOf('/');
    const parent = slash < 0 ? '' : relPath.slice(0, slash);
    const verdict = this.isIgnored(parent, true) || this.isIgnoredHere(relPath, isDirectory);
    if (isDirectory) this.directoryVerdicts.set(relPath, verdict);
    return verdict;
  }

  /**
   * Re-reads an ignore file that was added, changed or removed. Returns false for any other
   * path, whose change alters no rule.
   */
  reload(relPath: string): boolean {
    if (!this.isIgnoreFile(relPath)) return false;
    const dirRel = path.posix.dirname(relPath);
    const key = dirRel === '.' ? '' : dirRel;
    this.directories.delete(key);
    this.listed.delete(key);
    this.directoryVerdicts.clear();
    return true;
  }

  /** The path's own verdict, its ancestors being known not to be ignored. */
  private isIgnoredHere(relPath: string, isDirectory: boolean): boolean {
    const name = relPath.slice(relPath.lastIndexOf('/') + 1);
    if (name === '.git') return true;
    if (this.excludeDirs.some((dir) => isWithin(relPath, dir))) return true;
    const asked = isDirectory ? `${relPath}/` : relPath;
    if (this.exclude?.ignores(asked)) return true;
    return this.kinds.some((kind) => this.isIgnoredBy(kind, relPath, asked));
  }

  /** Git's rule for one kind of ignore file: the deepest file with a verdict on the path wins. */
  private isIgnoredBy(kind: IgnoreFileName, relPath: string, asked: string): boolean {
    let ignored = false;
    let dir = '';
    for (;;) {
      const rules = this.rulesOf(dir)[kind];
      if (rules) {
        const verdict = rules.test(dir ? asked.slice(dir.length + 1) : asked);
        if (verdict.ignored) ignored = true;
        else if (verdict.unignored) ignored = false;
      }
      const next = relPath.indexOf('/', dir ? dir.length + 1 : 0);
      if (next < 0) return ignored;
      dir = relPath.slice(0, next);
    }
  }

  private rulesOf(dirRel: string): DirectoryRules {
    let rules = this.directories.get(dirRel);
    if (!rules) {
      const present = this.listed.get(dirRel);
      const read = (name: IgnoreFileName): Ignore | undefined =>
        this.kinds.includes(name) && (!present || present.has(name)) ? readIgnoreFile(path.join(this.root, dirRel, name)) : undefined;
      rules = { [GITIGNORE]: read(GITIGNORE), [REPOMAPIGNORE]: read(REPOMAPIGNORE) };
      this.directories.set(dirRel, rules);
    }
    return rules;
  }
}

function readIgnoreFile(file: string): Ignore | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined; // absent or unreadable: no rules from it
  }
  return ignore().add(text);
}
