import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { discoverFiles } from '../../src/discovery/discover-files.js';
import { createWatchFilter } from '../../src/watch/watch-filter.js';
import { makeTempDir } from '../helpers.js';

test('nested .gitignore files decide like git: the deepest verdict wins, an ignored directory hides all below', () => {
  const root = makeTempDir();
  mkdirSync(path.join(root, 'web', 'dist'), { recursive: true });
  writeFileSync(path.join(root, '.gitignore'), '*.log\ndist/\n');
  writeFileSync(path.join(root, 'web', '.gitignore'), '!keep.log\n');
  const filter = createWatchFilter({ root });
  const ignored = (relPath: string, isDirectory?: boolean) => filter.isIgnored(path.join(root, relPath), isDirectory);
  expect(ignored('app.log', false)).toBe(true);
  expect(ignored('web/keep.log', false)).toBe(false);
  expect(ignored('web/other.log', false)).toBe(true);
  expect(ignored('web/dist', true)).toBe(true);
  expect(ignored('web/dist/bundle.js', false)).toBe(true);
  expect(ignored('web/dist', undefined)).toBe(false);
  expect(ignored('web/src/app.ts', false)).toBe(false);
});

test('a tracked file inside an ignored directory is watched, as git lists it', () => {
  const root = makeTempDir();
  mkdirSync(path.join(root, 'vendor', 'lib'), { recursive: true });
  writeFileSync(path.join(root, '.gitignore'), 'vendor/\n');
  writeFileSync(path.join(root, 'vendor', 'lib', 'pinned.py'), 'def pinned():\n    return 1\n');
  writeFileSync(path.join(root, 'vendor', 'lib', 'other.py'), 'def other():\n    return 1\n');
  execFileSync('git', ['init', '-q'], { cwd: root });
  execFileSync('git', ['add', '-f', 'vendor/lib/pinned.py'], { cwd: root });
  const filter = createWatchFilter({ root });
  expect(filter.isIgnored(path.join(root, 'vendor'), true)).toBe(false);
  expect(filter.isIgnored(path.join(root, 'vendor', 'lib', 'pinned.py'), false)).toBe(false);
  expect(filter.isIgnored(path.join(root, 'vendor', 'lib', 'other.py'), false)).toBe(true);
  expect(filter.isIgnored(path.join(root, '.git'), true)).toBe(true);
});

test('reload() picks up an edited .gitignore', () => {
  const root = makeTempDir();
  writeFileSync(path.join(root, '.gitignore'), 'build/\n');
  const filter = createWatchFilter({ root, exclude: ['*.min.js'] });
  expect(filter.isIgnored(path.join(root, 'build'), true)).toBe(true);
  writeFileSync(path.join(root, '.gitignore'), '');
  expect(filter.isIgnored(path.join(root, 'build'), true)).toBe(true);
  filter.reload();
  expect(filter.isIgnored(path.join(root, 'build'), true)).toBe(false);
  expect(filter.isIgnored(path.join(root, 'app.min.js'), false)).toBe(true);
});

test('the filter leaves out exactly what discovery leaves out: .repomapignore at any level, .gitignore, --exclude', () => {
  const root = makeTempDir();
  const files = ['app.py', 'app.log', 'gen/out.py', 'web/keep.py', 'web/skip.py', 'web/fixtures/big.json', 'web/fixtures/small.py', 'lib/x.min.js', 'lib/x.js'];
  for (const relPath of files) {
    mkdirSync(path.dirname(path.join(root, relPath)), { recursive: true });
    writeFileSync(path.join(root, relPath), 'x = 1\n');
  }
  writeFileSync(path.join(root, '.gitignore'), '*.log\n');
  writeFileSync(path.join(root, '.repomapignore'), 'gen/\n');
  writeFileSync(path.join(root, 'web', '.repomapignore'), 'skip.py\nfixtures/\n');
  const exclude = ['*.min.js'];
  const discovered = new Set(discoverFiles({ root, exclude }).files.map((file) => file.relPath));
  expect(discovered.has('web/keep.py')).toBe(true);
  const filter = createWatchFilter({ root, exclude });
  for (const relPath of files) expect([relPath, filter.isIgnored(path.join(root, relPath), false)]).toEqual([relPath, !discovered.has(relPath)]);
  expect(filter.isIgnored(path.join(root, 'web', 'fixtures'), true)).toBe(true);

  // An edited .repomapignore counts after reload().
  writeFileSync(path.join(root, 'web', '.repomapignore'), 'fixtures/\n');
  filter.reload();
  expect(filter.isIgnored(path.join(root, 'web', 'skip.py'), false)).toBe(false);
});
