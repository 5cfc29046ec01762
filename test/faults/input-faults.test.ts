/**
 * Input faults as real processes: a FIFO inside the tree, a file that reports size 0 and never
 * ends (/proc), UTF-16 text, file names with control characters, flags that must not swallow
 * paths, and an empty map that says why.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { MAP_ARGS, referenceMap, repomap, tinyRepo } from './fault-helpers.js';

const NO_CACHE = [...MAP_ARGS, '--no-cache'];

describe('inputs that are not ordinary files', () => {
  test('a FIFO in the tree is skipped with a reason, never opened; cached and uncached maps agree', async () => {
    const root = tinyRepo();
    const expected = await referenceMap(root);
    expect(spawnSync('mkfifo', [path.join(root, 'pipe.py')]).status).toBe(0);
    for (const args of [NO_CACHE, MAP_ARGS, MAP_ARGS]) {
      const run = repomap(args, root);
      expect(run).toEqual({ stdout: expected, stderr: '', exitCode: 0 });
    }
    const json = JSON.parse(repomap([...NO_CACHE, '--format', 'json'], root).stdout);
    expect(json.skipped).toContainEqual({ path: 'pipe.py', reason: 'not-a-file', detail: 'special file' });
  });

  test('a pseudo-file that reports size 0 and never ends is read only up to --max-file-bytes', () => {
    // /proc/self/smaps reports size 0 and reads on for kilobytes; pagemap for gigabytes.
    const run = repomap([...NO_CACHE, '--format', 'json', '--max-file-bytes', '4096', '--root', '/proc/self'], '/');
    expect(run.exitCode).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.skipped).toContainEqual({ path: 'smaps', reason: 'too-large', detail: 'more than 4096 bytes read' });
    expect(json.skipped.map((skip: { path: string }) => skip.path)).toContain('pagemap');
  });
});

describe('text that is not UTF-8, and names that are not plain', () => {
  test('a UTF-16 file with a BOM is decoded and mapped, not called binary', () => {
    const root = tinyRepo();
    const source = 'def utf16_function(value):\n    return value\n';
    writeFileSync(path.join(root, 'wide.py'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source, 'utf16le')]));
    const run = repomap(NO_CACHE, root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('\nwide.py:\n│def utf16_function(value):\n');
    expect(repomap(MAP_ARGS, root).stdout).toBe(run.stdout);
  });

  test('a file name with a newline is quoted in the map, which stays one entry per line', () => {
    const root = tinyRepo();
    writeFileSync(path.join(root, 'odd\nname.py'), 'def odd_one():\n    return 1\n');
    const run = repomap([...NO_CACHE, '--tokens', '4000'], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('\n"odd\\nname.py":\n│def odd_one():\n');
    expect(repomap([...MAP_ARGS, '--tokens', '4000'], root).stdout).toBe(run.stdout);
  });
});

describe('flags and empty maps', () => {
  test('--exclude takes one value and leaves the paths after it alone', () => {
    const root = tinyRepo();
    const run = repomap([...NO_CACHE, '--tokens', '4000', '--exclude', 'pkg/util.py', 'pkg'], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('\npkg/store.py:\n⋮\n│def save(item):\n⋮\n');
  });

  test.each([
    [['--exclude', '*.py'], /^repomap: empty map: every file under .* was left out by --exclude \*\.py\n$/],
    [['--tokens', '2'], /^repomap: empty map: the budget of 2 tokens is smaller than the first entry of the map; raise --tokens\n$/],
  ])('an empty map says why on stderr: %j', (args, message) => {
    const run = repomap([...NO_CACHE, ...args], tinyRepo());
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe('');
    expect(run.stderr).toMatch(message);
  });
});

describe('inspect resolves paths and identifiers as users expect', () => {
  test('inspect --root DIR src/x.py from elsewhere names DIR/src/x.py; --rank takes an identifier', () => {
    const root = tinyRepo();
    expect(repomap(MAP_ARGS, root).exitCode).toBe(0);
    const file = repomap(['inspect', '--root', root, 'pkg/util.py'], '/');
    expect(file.exitCode).toBe(0);
    expect(file.stdout).toMatch(/^pkg\/util\.py \(python\): fresh — size and mtime unchanged since it was hashed\n/);
    const ident = repomap(['inspect', '--root', root, '--rank', 'helper'], '/');
    expect(ident.exitCode).toBe(0);
    expect(ident.stdout).toMatch(/^helper: an identifier defined in 1 file\n\npkg\/util\.py: rank /);
  });
});
