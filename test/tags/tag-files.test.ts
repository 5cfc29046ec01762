/**
 * Workers started before a build has work for them (prestartTagWorkers): tagFiles takes them
 * instead of starting its own, a build that parses in its own thread ends them, and waiting ones
 * never hold a process open.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import type { DeliveredResult } from '../../src/tags/packed-results.js';
import { discardSpareTagWorkers, prestartTagWorkers, spareTagWorkerCount, tagFiles } from '../../src/tags/tag-files.js';
import { makeTempDir, PROJECT_ROOT } from '../helpers.js';

/** Workers constructed in this process (the tags stage's only way to start one). */
const started = vi.hoisted(() => ({ workers: 0 }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:worker_threads')>();
  class CountedWorker extends original.Worker {
    constructor(...args: ConstructorParameters<typeof original.Worker>) {
      super(...args);
      started.workers++;
    }
  }
  return { ...original, Worker: CountedWorker };
});

function repo(count: number): Array<{ relPath: string; absPath: string; size: number }> {
  const root = makeTempDir();
  return Array.from({ length: count }, (_, i) => {
    const relPath = `m${String(i).padStart(2, '0')}.py`;
    // ~8 KB a file: enough bytes for several batches, so both workers get work.
    const text = `def f${i}(x):\n    return g${i}(x)\n${'# padding\n'.repeat(800)}`;
    writeFileSync(path.join(root, relPath), text);
    return { relPath, absPath: path.join(root, relPath), size: text.length };
  });
}

/** Each file's definitions and references as names, in delivery order. */
async function tagged(files: ReturnType<typeof repo>, workers: number): Promise<string[]> {
  const out: string[] = [];
  const collect = (result: DeliveredResult, input: { relPath: string }): void => {
    if (result.type !== 'tags') return void out.push(`${input.relPath} ${result.type}`);
    const names: string[] = [];
    result.tags.forEachDefinition((name) => names.push(`def ${name}`));
    result.tags.forEachReference((name) => names.push(`ref ${name}`));
    out.push(`${input.relPath} ${names.join(' ')}`);
  };
  await tagFiles(files, { workers, onResult: collect });
  return out;
}

describe('prestarted tags workers', () => {
  test('are taken by tagFiles, which tags exactly as in its own thread', async () => {
    const files = repo(12);
    const inThread = await tagged(files, 0);
    const before = started.workers;
    prestartTagWorkers(2);
    expect(spareTagWorkerCount()).toBe(2);
    expect(started.workers - before).toBe(2);
    expect(await tagged(files, 2)).toEqual(inThread);
    // Both spares did the work: no worker was started for it.
    expect(started.workers - before).toBe(2);
    expect(spareTagWorkerCount()).toBe(0);
    expect(inThread[0]).toBe('m00.py def f0 ref g0');
  });

  test('are ended when the build parses in its own thread, or when discarded', async () => {
    prestartTagWorkers(2);
    await tagged(repo(3), 0);
    expect(spareTagWorkerCount()).toBe(0);
    prestartTagWorkers(1);
    discardSpareTagWorkers();
    expect(spareTagWorkerCount()).toBe(0);
  });

  test('waiting for work, they do not keep a process alive', () => {
    const script = `import(${JSON.stringify(path.join(PROJECT_ROOT, 'dist', 'tags', 'tag-files.js'))}).then((m) => { m.prestartTagWorkers(2); console.log(m.spareTagWorkerCount()); });`;
    const started = performance.now();
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(child.status).toBe(0);
    expect(child.stdout).toBe('2\n');
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
