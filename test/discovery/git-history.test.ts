/**
 * The history read for --history: one bounded `git log` in a real repository, paths relative to
 * the root (also when the root is a subdirectory of the work tree), commits of too many files
 * left out, and nothing outside git.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { HISTORY_MAX_FILES, readHead, readHistory } from '../../src/discovery/git-history.js';
import { coChangeShares } from '../../src/graph/co-change.js';
import { git, makeTempDir, writeFiles } from '../helpers.js';

function commit(root: string, files: Record<string, string>, message: string): void {
  writeFiles(root, files);
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', message);
}

describe('git history', () => {
  test('lists each commit’s files, newest first, relative to the root; a commit of too many files is left out', async () => {
    const top = makeTempDir();
    git(top, 'init', '-q');
    commit(top, { 'app/a.py': '1\n', 'app/b.py': '1\n', 'other/x.py': '1\n' }, 'first');
    commit(top, { 'app/a.py': '2\n', 'app/c.py': '2\n' }, 'second');
    const wide = Object.fromEntries(Array.from({ length: HISTORY_MAX_FILES + 1 }, (_, i) => [`app/gen/f${i}.py`, '3\n']));
    commit(top, { ...wide, 'app/a.py': '3\n' }, 'wide');
    commit(top, { 'app/b.py': '4\n', 'other/x.py': '4\n' }, 'fourth');
    const root = path.join(top, 'app');
    const head = readHead(root)!;
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    const history = await readHistory(root, head);
    expect(history?.head).toBe(head);
    // Newest first; other/ is outside the root; the wide commit is gone.
    expect(history?.commits).toEqual([['b.py'], ['a.py', 'c.py'], ['a.py', 'b.py']]);
  });

  test('outside a work tree there is no HEAD, and no history', async () => {
    const root = makeTempDir();
    writeFileSync(path.join(root, 'a.py'), 'x = 1\n');
    expect(readHead(root)).toBeUndefined();
    expect(await readHistory(root, 'HEAD')).toBeUndefined();
  });
});

describe('co-change shares', () => {
  test('a file scores the share of the chat files’ commits that touched it; other commits do not count', () => {
    const commits = [['a.py', 'b.py'], ['a.py', 'b.py', 'c.py'], ['c.py', 'd.py'], ['a.py'], ['e.py', 'a.py', 'f.py']];
    const shares = coChangeShares(commits, new Set(['a.py', 'f.py']));
    expect(Object.fromEntries(shares)).toEqual({ 'b.py': 2 / 4, 'c.py': 1 / 4, 'e.py': 1 / 4 });
  });
});
