import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { discoverFiles } from '../../src/discovery/discover-files.js';
import { IgnoreRules } from '../../src/discovery/ignore-rules.js';
import { git, makeTempDir, writeFiles } from '../helpers.js';

const TREE = {
  '.gitignore': 'build/\n',
  '.repomapignore': 'fixtures/\n*.snap\n!keep.snap\n',
  'src/app.py': 'a\n',
  'src/app.snap': 's\n',
  'src/keep.snap': 'k\n',
  'src/.repomapignore': 'generated/\n',
  'src/generated/parser.py': 'p\n',
  'src/vendor/.repomapignore': '!*.snap\n',
  'src/vendor/lib.snap': 'l\n',
  'fixtures/sample.py': 'f\n',
  'fixtures/.repomapignore': '!sample.py\n',
  'build/.repomapignore': '!*\n',
  'build/out.py': 'o\n',
};

const EXPECTED = ['.gitignore', '.repomapignore', 'src/.repomapignore', 'src/app.py', 'src/keep.snap', 'src/vendor/.repomapignore', 'src/vendor/lib.snap'];

describe('.repomapignore', () => {
  test('outside git, .repomapignore files at every level leave files out, deeper ones overriding', () => {
    const root = makeTempDir();
    writeFiles(root, TREE);
    const result = discoverFiles({ root });
    expect(result.usedGit).toBe(false);
    expect(result.files.map((f) => f.relPath)).toEqual(EXPECTED);
  });

  test('in git, the same files are left out, and a root .repomapignore counts even when git ignores it', () => {
    const root = makeTempDir();
    writeFiles(root, { ...TREE, '.gitignore': 'build/\n/.repomapignore\n' });
    git(root, 'init', '-q');
    const result = discoverFiles({ root });
    expect(result.usedGit).toBe(true);
    expect(result.files.map((f) => f.relPath)).toEqual(EXPECTED.filter((p) => p !== '.repomapignore'));
  });

  test('a ! pattern cannot bring back what .gitignore or --exclude left out', () => {
    const root = makeTempDir();
    writeFiles(root, { '.gitignore': '*.gen.py\n', '.repomapignore': '!*.gen.py\n!tests/\n', 'a.gen.py': 'g\n', 'b.py': 'b\n', 'tests/t.py': 't\n' });
    const result = discoverFiles({ root, exclude: ['tests/'] });
    expect(result.files.map((f) => f.relPath)).toEqual(['.gitignore', '.repomapignore', 'b.py']);
  });

  test('one path is judged without listing the tree: ancestors first, then its own levels', () => {
    const root = makeTempDir();
    writeFiles(root, TREE);
    const rules = new IgnoreRules({ root, gitignore: true, excludeDirs: ['.repomap'] });
    expect(rules.isIgnored('src/generated/parser.py', false)).toBe(true);
    expect(rules.isIgnored('src/generated', true)).toBe(true);
    expect(rules.isIgnored('src/vendor/lib.snap', false)).toBe(false);
    expect(rules.isIgnored('fixtures/sample.py', false)).toBe(true);
    expect(rules.isIgnored('build/out.py', false)).toBe(true);
    expect(rules.isIgnored('.git/config', false)).toBe(true);
    expect(rules.isIgnored('sub/.git', true)).toBe(true);
    expect(rules.isIgnored('.repomap/cache.db', false)).toBe(true);
    expect(rules.isIgnored('src/new-file.py', false)).toBe(false);
  });

  test('a changed, added or removed ignore file takes effect after reload', () => {
    const root = makeTempDir();
    writeFiles(root, { 'src/a.py': 'a\n', 'src/b.py': 'b\n' });
    const rules = new IgnoreRules({ root, gitignore: true });
    expect(rules.isIgnored('src/a.py', false)).toBe(false);
    writeFiles(root, { 'src/.repomapignore': 'a.py\n' });
    expect(rules.reload('src/.repomapignore')).toBe(true);
    expect(rules.isIgnored('src/a.py', false)).toBe(true);
    writeFiles(root, { '.gitignore': 'src/\n' });
    rules.reload('.gitignore');
    expect(rules.isIgnored('src/b.py', false)).toBe(true);
    rmSync(path.join(root, '.gitignore'));
    rmSync(path.join(root, 'src/.repomapignore'));
    rules.reload('.gitignore');
    rules.reload('src/.repomapignore');
    expect(rules.isIgnored('src/a.py', false)).toBe(false);
    expect(rules.reload('src/a.py')).toBe(false);
  });

  test('with git applying .gitignore, the rules read only .repomapignore', () => {
    const root = makeTempDir();
    writeFiles(root, { '.gitignore': 'a.py\n', '.repomapignore': 'b.py\n' });
    const rules = new IgnoreRules({ root, gitignore: false });
    expect(rules.isIgnored('a.py', false)).toBe(false);
    expect(rules.isIgnored('b.py', false)).toBe(true);
    expect(rules.isIgnoreFile('.gitignore')).toBe(false);
    expect(rules.isIgnoreFile('x/.repomapignore')).toBe(true);
  });
});
