import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
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
