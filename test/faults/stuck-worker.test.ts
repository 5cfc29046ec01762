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
 *
 * Both limits count the parsing thread's CPU time (on Linux), so a worker that is merely starved
 * of CPU is neither cancelled nor terminated: a child process tags a file that takes a fraction
 * of its budget of CPU while this test stops and continues it (SIGSTOP/SIGCONT), so its wall
 * time runs far past both limits, as on a heavily loaded machine.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { makeBatches, STUCK_WORKER_GRACE_MS, tagFiles } from '../../src/tags/tag-files.js';
import type { DeliveredResult } from '../../src/tags/packed-results.js';
import { makeTempDir, PROJECT_ROOT } from '../helpers.js';

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
    const results: Array<[string, DeliveredResult]> = [];
    const started = performance.now();
    await tagFiles(files, { workers: 1, budgetMs: 60_000, stuckAfterMs: STUCK_AFTER_MS, onResult: (result, input) => results.push([input.relPath, result]) });
    const elapsed = performance.now() - started;

    expect(results.map(([relPath]) => relPath)).toEqual(files.map((file) => file.relPath));
    for (const [relPath, result] of results) {
      if (relPath === 'stall.py') {
        expect(result).toMatchObject({ type: 'skipped', skipped: { relPath, reason: 'parse-timeout' }, clock: process.platform === 'linux' ? 'cpu' : 'wall' });
        expect(result.type === 'skipped' && result.hash).toBe(createHash('sha1').update(STALLING_PYTHON).digest('hex'));
      } else {
        expect(result).toMatchObject({ type: 'tags', tags: { relPath } });
      }
    }
    // Given up after the limit, not parsed to the end (~10 s on an idle machine).
    expect(elapsed).toBeLessThan(8_000);
  });

  test.runIf(process.platform === 'linux')('starved of CPU (stopped and continued) is neither cancelled nor terminated', async () => {
    const root = makeTempDir();
    // ~0.3 s of CPU for tree-sitter-python (its error recovery on unbalanced brackets).
    const text = `${'('.repeat(10_000)}\n`;
    writeFileSync(path.join(root, 'slow.py'), text);
    const files = [{ relPath: 'slow.py', absPath: path.join(root, 'slow.py'), size: text.length }];
    const budgetMs = 500;
    writeFileSync(path.join(root, 'child.mjs'), STARVED_CHILD);
    const child = spawn(process.execPath, [path.join(root, 'child.mjs'), path.join(PROJECT_ROOT, 'dist', 'tags', 'tag-files.js'), JSON.stringify(files), String(budgetMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let running = true;
    void exited.then(() => (running = false));
    try {
      while (running && !stdout.includes('start\n')) await sleep(5);
      // Runs an eighth of the time: the file's ~0.3 s of CPU take ~2.5 s of wall time.
      while (running) {
        child.kill('SIGSTOP');
        await sleep(STOPPED_MS);
        child.kill('SIGCONT');
        await sleep(RUNNING_MS);
      }
    } finally {
      if (running) child.kill('SIGKILL');
    }
    expect(await exited).toBe(0);
    const { elapsedMs, results } = JSON.parse(stdout.slice(stdout.indexOf('\n') + 1)) as { elapsedMs: number; results: DeliveredResult[] };
    expect(results).toEqual([expect.objectContaining({ type: 'tags' })]);
    // Past the wall-clock limits that would have cancelled the parse and terminated the worker.
    expect(elapsedMs).toBeGreaterThan(budgetMs + STUCK_WORKER_GRACE_MS);
  });
});

const STOPPED_MS = 175;
const RUNNING_MS = 25;

/** Tags the files on one worker with the given budget; prints `start`, then the results and the wall time. */
const STARVED_CHILD = `
const [tagFilesModule, files, budget] = process.argv.slice(2);
const { tagFiles } = await import(tagFilesModule);
const results = [];
process.stdout.write('start\\n');
const started = performance.now();
await tagFiles(JSON.parse(files), { workers: 1, budgetMs: Number(budget), onResult: (result) => results.push(result) });
process.stdout.write(JSON.stringify({ elapsedMs: performance.now() - started, results }) + '\\n');
`;
