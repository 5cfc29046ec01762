import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { discoverFiles } from '../../src/discovery/discover-files.js';
import { trackedFileCount } from '../../src/discovery/git-files.js';
import { git, makeTempDir, writeFiles } from '../helpers.js';

const TREE = {
  '.gitignore': 'build/\n*.log\n!keep.log\n',
  'src/app.py': 'print(1)\n',
  'src/.gitignore': 'generated_*.py\n',
  'src/generated_parser.py': 'x = 1\n',
  'src/deep/.gitignore': '!generated_ok.py\n',
  'src/deep/generated_ok.py': 'y = 2\n',
  'build/out.py': 'z = 3\n',
  'debug.log': 'log\n',
  'keep.log': 'kept\n',
  '.repomap/cache.db': 'cache\n',
  'docs/guide.md': '# guide\n',
};

const EXPECTED = ['.gitignore', 'docs/guide.md', 'keep.log', 'src/.gitignore', 'src/app.py', 'src/deep/.gitignore', 'src/deep/generated_ok.py'];

describe('discovery', () => {
  test('outside git, .gitignore files at every level apply, deeper ones overriding', () => {
    const root = makeTempDir();
    writeFiles(root, TREE);
    const result = discoverFiles({ root, excludeDirs: ['.repomap'] });
    expect(result.usedGit).toBe(false);
    expect(result.files.map((f) => f.relPath)).toEqual(EXPECTED);
  });

  test('in git, tracked and untracked-but-not-ignored files are listed, the same set', () => {
    const root = makeTempDir();
    writeFiles(root, TREE);
    git(root, 'init', '-q');
    git(root, 'add', '.gitignore', 'src/app.py');
    git(root, 'commit', '-qm', 'init');
    const result = discoverFiles({ root, excludeDirs: ['.repomap'] });
    expect(result.usedGit).toBe(true);
    expect(result.files.map((f) => f.relPath)).toEqual(EXPECTED);
  });

  test('a root below the top of a git work tree lists only its own files, relative to it', () => {
    const root = makeTempDir();
    writeFiles(root, TREE);
    git(root, 'init', '-q');
    const result = discoverFiles({ root: path.join(root, 'src') });
    expect(result.files.map((f) => f.relPath)).toEqual(['.gitignore', 'app.py', 'deep/.gitignore', 'deep/generated_ok.py']);
  });

  test('the tracked-file count comes from the index header at a work tree\'s top level only', () => {
    const root = makeTempDir();
    writeFiles(root, { 'a.py': 'a\n', 'src/b.py': 'b\n', 'src/c.py': 'c\n', 'untracked.py': 'u\n' });
    expect(trackedFileCount(root)).toBeUndefined();
    git(root, 'init', '-q');
    git(root, 'add', 'a.py', 'src');
    expect(trackedFileCount(root)).toBe(3);
    expect(trackedFileCount(path.join(root, 'src'))).toBeUndefined();
  });

  test('.git is never listed, and deleted tracked files are simply absent', () => {
    const root = makeTempDir();
    writeFiles(root, { 'a.py': 'a\n', 'b.py': 'b\n' });
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'init');
    execFileSync('rm', [path.join(root, 'b.py')]);
    expect(discoverFiles({ root }).files.map((f) => f.relPath)).toEqual(['a.py']);
  });

  test('large files are skipped with their reason; symlinks out of the root are never followed', () => {
    const root = makeTempDir();
    const outside = makeTempDir();
    writeFiles(outside, { 'secret.py': 'password = 1\n' });
    writeFiles(root, { 'big.py': 'x'.repeat(2000), 'small.py': 'y\n', 'real.py': 'z\n' });
    symlinkSync(path.join(outside, 'secret.py'), path.join(root, 'leak.py'));
    symlinkSync(path.join(root, 'real.py'), path.join(root, 'alias.py'));
    symlinkSync(outside, path.join(root, 'outside-dir'));
    const result = discoverFiles({ root, maxFileBytes: 1000 });
    expect(result.files.map((f) => f.relPath)).toEqual(['alias.py', 'real.py', 'small.py']);
    expect(result.skipped.map((s) => [s.relPath, s.reason])).toEqual([
      ['big.py', 'too-large'],
      ['leak.py', 'symlink-outside-root'],
      ['outside-dir', 'symlink-outside-root'],
    ]);
  });

  test('--exclude patterns leave matching files out, with gitignore semantics', () => {
    const root = makeTempDir();
    writeFiles(root, { 'src/app.py': 'a\n', 'src/app_test.py': 't\n', 'tests/unit.py': 'u\n', 'web/app.min.js': 'm\n', 'web/app.js': 'j\n' });
    const result = discoverFiles({ root, exclude: ['tests/', '*_test.py', '*.min.js'] });
    expect(result.files.map((f) => f.relPath)).toEqual(['src/app.py', 'web/app.js']);
  });

  test('a symlink loop is skipped, not followed', () => {
    const root = makeTempDir();
    writeFiles(root, { 'a.py': 'a\n' });
    symlinkSync(path.join(root, 'loop'), path.join(root, 'loop'));
    const result = discoverFiles({ root });
    expect(result.files.map((f) => f.relPath)).toEqual(['a.py']);
    expect(result.skipped).toEqual([{ relPath: 'loop', reason: 'unreadable', detail: 'symlink loop' }]);
  });
});
