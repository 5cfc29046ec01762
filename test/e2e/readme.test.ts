/**
 * The README's checked examples, run as written: every ```console block preceded by a
 * `<!-- checked -->` line is run from the repository root with `repomap` on the PATH (the built
 * binary), and its output must be exactly what the block shows. A block may end with a `…`
 * line, meaning "and more": then the lines above it must be the start of the output. The cache
 * goes to a temporary directory so the examples write nothing into the repository.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, makeTempDir, PROJECT_ROOT } from '../helpers.js';

const CHECKED = '<!-- checked -->';
const ELIDED = '…';

interface Example {
  command: string;
  output: string;
  line: number;
}

/** Each checked block's `$ command` lines with the output shown below each. */
function checkedExamples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== CHECKED) continue;
    if (lines[i + 1] !== '```console') throw new Error(`README.md:${i + 1}: ${CHECKED} must sit right above a console block`);
    let current: Example | undefined;
    for (let j = i + 2; lines[j] !== '```'; j++) {
      if (j >= lines.length) throw new Error(`README.md:${i + 2}: unterminated console block`);
      const text = lines[j]!;
      if (text.startsWith('$ ')) {
        current = { command: text.slice(2), output: '', line: j + 1 };
        examples.push(current);
      } else if (current) {
        current.output += `${text}\n`;
      }
    }
  }
  return examples;
}

const examples = checkedExamples(readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8'));

describe('the README examples reproduce as written', () => {
  test('the README has checked examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  test.each(examples)('README.md:$line $command', ({ command, output }) => {
    const bin = makeTempDir('repomap-readme-bin-');
    symlinkSync(BIN, path.join(bin, 'repomap'));
    const run = spawnSync('bash', ['-c', `set -o pipefail; ${command}`], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, REPO_MAP_CACHE_DIR: makeTempDir('repomap-readme-cache-') },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const shown = output.endsWith(`${ELIDED}\n`) ? output.slice(0, -`${ELIDED}\n`.length) : undefined;
    if (shown === undefined) expect(run.stdout).toBe(output);
    else expect(run.stdout.slice(0, shown.length)).toBe(shown);
  });
});
