/** The built binary, end to end: stdout carries only the map, exit codes, errors, determinism. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, copyFixtureRepo, FIXTURES, makeTempDir } from '../helpers.js';

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

function repomap(args: string[], cwd: string): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.status };
}

describe('repomap build', () => {
  test('prints the map, and only the map, on stdout', () => {
    const root = copyFixtureRepo('polyglot-service');
    const run = repomap(['build', '--tokens', '1024'], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(readFileSync(path.join(FIXTURES, 'golden', 'polyglot-service.map.txt'), 'utf8'));
    expect(run.stderr).toBe('');
  });

  test('identical inputs give byte-identical output in separate processes', () => {
    const root = copyFixtureRepo('systems-mix');
    const first = repomap(['build', '--tokens', '300', '--prompt', 'why does buffer_append fail?'], root);
    const second = repomap(['build', '--tokens', '300', '--prompt', 'why does buffer_append fail?'], root);
    expect(first.exitCode).toBe(0);
    expect(first.stdout.length).toBeGreaterThan(0);
    expect(second.stdout).toBe(first.stdout);
  });

  test('--format json is versioned and carries files, definitions, skipped files, budget, tokens and the map', () => {
    const root = copyFixtureRepo('systems-mix');
    const text = repomap(['build', '--tokens', '512'], root).stdout;
    const run = repomap(['build', '--tokens', '512', '--format', 'json'], root);
    expect(run.exitCode).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.schema).toBe('repomap/1');
    expect(json.budget).toBe(512);
    expect(json.tokens).toBeLessThanOrEqual(512);
    expect(json.map).toBe(text);
    expect(json.skipped).toContainEqual({ path: 'logo.png', reason: 'binary', detail: 'contains NUL bytes' });
    const buffer = json.files.find((file: { path: string }) => file.path === 'core/buffer.c');
    expect(buffer.rank).toBeGreaterThan(0);
    expect(buffer.tokens).toBeGreaterThan(0);
    expect(buffer.definitions).toContainEqual({ name: 'buffer_append', kind: 'function', line: 27 });
  });

  test('code that spells a special token (`<|endoftext|>`) is counted as text, with either encoding', () => {
    const root = makeTempDir();
    writeFileSync(path.join(root, 'special.py'), 'def end_marker(marker="<|endoftext|>"):\n    return marker\n');
    writeFileSync(path.join(root, 'use.py'), 'from special import end_marker\nend_marker()\n');
    for (const tokenizer of ['o200k', 'cl100k']) {
      const run = repomap(['build', '--no-cache', '--tokenizer', tokenizer], root);
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('def end_marker(marker="<|endoftext|>"):');
    }
  });

  test('--output writes the file and leaves stdout empty', () => {
    const root = copyFixtureRepo('polyglot-service');
    const out = path.join(makeTempDir(), 'map.txt');
    const run = repomap(['build', '--output', out], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'golden', 'polyglot-service.map.txt'), 'utf8'));
  });

  test('[paths] limits the map to those files and directories; chat files are never shown', () => {
    const root = copyFixtureRepo('polyglot-service');
    const run = repomap(['build', 'src/api', '--chat', 'src/api/format.ts'], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('src/api/handlers.ts:');
    expect(run.stdout).not.toContain('format.ts');
    expect(run.stdout).not.toContain('models.py');
  });

  test('--verbose reports counts and stage timings on stderr', () => {
    const root = copyFixtureRepo('systems-mix');
    const run = repomap(['build', '--verbose'], root);
    expect(run.stderr).toMatch(/timings: discover \d+ ms, parse \d+ ms/);
    expect(run.stderr).toMatch(/skipped 1 files: 1 binary/);
  });

  test('a --grammar file that does not load is a usage error before any work', () => {
    const root = copyFixtureRepo('polyglot-service');
    const dir = makeTempDir();
    const notWasm = path.join(dir, 'corrupt.wasm');
    writeFileSync(notWasm, 'not a wasm module');
    // A valid WebAssembly module (the 8-byte header) that is no tree-sitter grammar.
    const emptyModule = path.join(dir, 'empty.wasm');
    writeFileSync(emptyModule, Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    for (const [file, message] of [
      [notWasm, /^repomap: --grammar: .*corrupt\.wasm is not a WebAssembly module/],
      [emptyModule, /^repomap: --grammar: .*empty\.wasm: cannot load the Python grammar/],
      [path.join(dir, 'missing.wasm'), /^repomap: --grammar: no such file: .*missing\.wasm$/],
    ] as const) {
      const run = repomap(['build', '--grammar', `python=${file}`], root);
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).toMatch(message);
    }
  });

  test('a list flag takes one value (or a comma list) and never swallows the paths after it', () => {
    const root = copyFixtureRepo('polyglot-service');
    // The approximate tokenizer: what is tested is which files are mapped, not their token counts.
    const flags = ['build', '--format', 'json', '--no-cache', '--tokens', '8000', '--tokenizer', 'approx'];
    const all = JSON.parse(repomap(flags, root).stdout).files.map((file: { path: string }) => file.path);
    const mapped = (args: string[]): string[] => JSON.parse(repomap([...flags, ...args], root).stdout).files.map((file: { path: string }) => file.path);
    expect(mapped(['--exclude', 'src/api/', 'src'])).toEqual(all.filter((file: string) => file.startsWith('src/') && !file.startsWith('src/api/')));
    const commaList = mapped(['--exclude', 'src/api/,scripts/']);
    expect(commaList).toEqual(all.filter((file: string) => !file.startsWith('src/api/') && !file.startsWith('scripts/')));
    expect(mapped(['--exclude', 'src/api/', '--exclude', 'scripts/'])).toEqual(commaList);
  });

  test('a reader that closes the pipe early ends the build quietly with 0', () => {
    // A map far larger than the pipe's buffer; the approximate tokenizer fits it without counting BPE tokens.
    const root = makeTempDir();
    for (let i = 0; i < 400; i++) {
      writeFileSync(path.join(root, `module_${i}.py`), `def function_${i}(value):\n    return helper_${(i + 1) % 400}(value)\n\ndef helper_${i}(x):\n    return x\n`);
    }
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" build --tokens 200000 --tokenizer approx | head -c 100 >/dev/null`], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('usage errors exit with 2 and name the problem', () => {
  const root = path.join(FIXTURES, 'repos', 'polyglot-service');

  test.each([
    [['build', '--tokens', '0'], /--tokens: expected a positive whole number, got '0'/],
    [['build', '--tokens', 'many'], /--tokens: expected a positive whole number/],
    [['build', '--chat', 'missing.py'], /--chat: no such file or directory: missing.py/],
    [['build', '--mention-file', 'missing.py'], /^repomap: --mention-file: no such file or directory: missing.py\n$/],
    [['build', '--max-context-window', '4096', '--map-mul-no-files', '8'], /^repomap: --max-context-window: 4096 leaves no map budget/],
    [['build', '--output', 'no/such/dir/map.txt'], /^repomap: --output: no such directory: .*no\/such\/dir\n$/],
    [['build', '--output', 'src'], /^repomap: --output: src is a directory\n$/],
    [['build', 'no/such/dir'], /no such file or directory: no\/such\/dir/],
    [['build', '--tokenizer', 'gpt2'], /--tokenizer/],
    [['build', '--format', 'xml'], /--format/],
    [['build', '--verbose', '--quiet'], /cannot be used together/],
    [['build', '--no-such-flag'], /unknown option/],
    [['frobnicate'], /unknown command/],
  ])('%j', (args, message) => {
    const run = repomap(args, root);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  test('--help prints usage with examples and exits 0', () => {
    const run = repomap(['build', '--help'], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Examples:');
  });
});
