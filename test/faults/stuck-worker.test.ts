/**
 * A worker stuck on one file in code tree-sitter's own cancellation does not reach is
 * terminated a grace period past the budget; that file counts as `parse-timeout` (with its
 * content hash, so it is remembered), the worker's other files are tagged by a new worker, and
 * results still arrive in input order.
 *
 * No real input is known to hold tree-sitter past its progress-callback cancellation, so the
 * stall is produced by giving the workers a parse budget far longer than the watchdog's limit:
 * the worker then really sits in a WASM parse (unbalanced brackets, which tree-sitter-python
 * parses ~60× slower per byte than ordinary code: ~10 s for 900 KB) that nothing inside it
 * cancels, exactly what a grammar whose cancellation never fires looks like from outside.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeBatches, tagFiles } from '../../src/tags/tag-files.js';
import type { TagFileResult } from '../../src/tags/tag-file.js';
import { makeTempDir } from '../helpers.js';

const STALLING_PYTHON = `${'('.repeat(900_000)}\n`;
const STUCK_AFTER_MS = 500;

function repo(): Array<{ relPath: string; absPath: string; size: number }> {
  const root = makeTempDir();
  const names = ['a.py', 'b.py', 'c.py', 'stall.py', 'd.py', 'e.py', 'f.py'];
  return names.map((relPath, i) => {
    const text = relPath === 'stall.py' ? STALLING_PYTHON : `def f${i}():\n    return ${i}\n`;
    writeFileSync(path.join(root, relPath), text);
    return { relPath, absPath: path.join(root, relPath), size: Buffer.byteLength(text) };
  });
}

describe('a stuck parse worker', () => {
  test('is terminated past its limit: the file is a parse-timeout with its hash, the rest is tagged by a new worker, in order', async () => {
    const files = repo();
    // The stalling file closes the first batch, so the one worker holds two batches when it is stuck.
    expect(makeBatches(files, 1).map((batch) => batch.files.length)).toEqual([4, 3]);
    const results: Array<[string, TagFileResult]> = [];
    const started = performance.now();
    await tagFiles(files, { workers: 1, budgetMs: 60_000, stuckAfterMs: STUCK_AFTER_MS, onResult: (result, input) => results.push([input.relPath, result]) });
    const elapsed = performance.now() - started;

    expect(results.map(([relPath]) => relPath)).toEqual(files.map((file) => file.relPath));
    for (const [relPath, result] of results) {
      if (relPath === 'stall.py') {
        expect(result).toMatchObject({ type: 'skipped', skipped: { relPath, reason: 'parse-timeout' } });
        expect(result.type === 'skipped' && result.hash).toBe(createHash('sha1').update(STALLING_PYTHON).digest('hex'));
      } else {
        expect(result).toMatchObject({ type: 'tags', tags: { relPath } });
      }
    }
    // Given up after the limit, not parsed to the end (~10 s on an idle machine).
    expect(elapsed).toBeLessThan(8_000);
  });
});
