/** Shared test helpers: fixture paths and temporary copies of fixture repositories. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
export const FIXTURES = path.join(PROJECT_ROOT, 'fixtures');
export const BIN = path.join(PROJECT_ROOT, 'bin', 'repomap.js');

const temporaryDirs: string[] = [];

afterEach(() => {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function makeTempDir(prefix = 'repomap-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

/** A fresh copy of fixtures/repos/<scenario> in a temporary directory (outside any git repo). */
export function copyFixtureRepo(scenario: string): string {
  const dir = makeTempDir(`repomap-${scenario}-`);
  cpSync(path.join(FIXTURES, 'repos', scenario), dir, { recursive: true });
  return dir;
}
