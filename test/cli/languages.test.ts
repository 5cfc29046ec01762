/** `repomap languages` as a user runs it: the built binary, its table and its JSON. */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { describeLanguages } from '../../src/language-info.js';
import { BIN, PROJECT_ROOT } from '../helpers.js';

describe('repomap languages', () => {
  test('--json lists each language with its extensions, grammar package and version', () => {
    const run = spawnSync(process.execPath, [BIN, 'languages', '--json'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.schema).toBe('repomap-languages/1');
    expect(json.languages.find((l: { id: string }) => l.id === 'haskell')).toMatchObject({
      extensions: ['.hs'],
      grammarPackage: 'tree-sitter-haskell',
      definitions: true,
    });
  });

  test('the table has one row per language', () => {
    const run = spawnSync(process.execPath, [BIN, 'languages'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n').length).toBe(describeLanguages().length + 1);
    expect(run.stdout).toMatch(/^python\s+\.py \.pyi \.pyw SConstruct SConscript\s+tree-sitter-wasms@0\.1\.13\s+defs\+refs$/m);
  });
});
