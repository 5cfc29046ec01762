import { describe, expect, test } from 'vitest';
import { TagIndex } from '../../src/graph/tag-index.js';
import { deliverInThread, receiveResults, ResultPacker } from '../../src/tags/packed-results.js';
import { packScopes } from '../../src/tags/record-scopes.js';
import type { TagFileResult } from '../../src/tags/tag-file.js';
import type { FileTags } from '../../src/types.js';
import { decodeTags, encodeTags, encodeTagSource } from '../../src/store/tag-cache.js';

function tags(relPath: string, names: string[], scopes: number[] = []): FileTags {
  return {
    relPath,
    language: 'c',
    definitions: names.map((name, i) => ({ relPath, line: i, column: 2 * i, name, role: 'definition', kind: i % 2 ? 'function' : 'macro' })),
    references: names.map((name, i) => ({ name, kind: 'call', line: i === 0 ? -1 : i + 10, column: i === 0 ? -1 : 3, count: i + 1 })),
    backfilled: relPath.endsWith('.h'),
    scopes,
  };
}

/** What a worker posts for `results`, as the main thread receives it (the buffers moved, as postMessage would). */
function throughWorker(results: TagFileResult[]): ReturnType<typeof receiveResults> {
  const packer = new ResultPacker();
  for (const result of results) packer.add(result);
  const { batch, transfer } = packer.finish();
  return receiveResults(structuredClone(batch, { transfer }));
}

function dump(index: TagIndex): unknown {
  return index.files.map((relPath, file) => {
    const [ds, de] = index.definitionRange(file);
    const [rs, re] = index.referenceRange(file);
    const defs = [];
    for (let d = ds; d < de; d++) defs.push([index.defIdent.get(d), index.identName(index.defIdent.get(d)), index.defLine.get(d), index.kinds[index.defKind.get(d)]]);
    const refs = [];
    for (let r = rs; r < re; r++) refs.push([index.refIdent.get(r), index.identName(index.refIdent.get(r)), index.refCount.get(r)]);
    return { relPath, defs, refs };
  });
}

describe('packed tag results', () => {
  const files = [
    tags('a.c', ['alpha', 'beta', 'név', '😀emoji', '', 'alpha'], [0, 3, 1, 0, 1]),
    tags('b.h', ['beta', 'gamma', 'x'.repeat(5000)], [70_000, 70_002, 0]),
    tags('empty.c', []),
  ];
  const results: TagFileResult[] = [
    { type: 'tags', tags: files[0]!, hash: 'h1' },
    { type: 'skipped', skipped: { relPath: 'big.c', reason: 'too-large', detail: '2 MB' } },
    { type: 'tags', tags: files[1]!, hash: 'h2' },
    { type: 'untagged', relPath: 'notes.txt', hash: 'h3', language: null },
    { type: 'tags', tags: files[2]!, hash: 'h4' },
  ];

  test('round-trip every result, name and number, in order', () => {
    const received = throughWorker(results);
    expect(received.map((result) => result.type)).toEqual(results.map((result) => result.type));
    received.forEach((result, i) => {
      const sent = results[i]!;
      if (result.type !== 'tags' || sent.type !== 'tags') return expect(result).toEqual(sent);
      expect(result.hash).toBe(sent.hash);
      expect(result.tags.toFileTags()).toEqual(sent.tags);
      expect(JSON.parse(JSON.stringify(result.tags))).toEqual(sent.tags);
      expect(result.tags.packedScopes()).toEqual(packScopes(sent.tags.scopes));
      // Encoded for the TagCache straight from the batch: the very string the objects encode to.
      expect(encodeTagSource(result.tags)).toBe(encodeTags(sent.tags));
      expect(decodeTags(sent.tags.relPath, encodeTagSource(result.tags))).toEqual(sent.tags);
    });
  });

  test('added to an index, give the ids, entries and folded counts that adding the objects gives', () => {
    const fromObjects = new TagIndex();
    fromObjects.add(tags('first.c', ['beta', 'zeta']));
    const fromPacked = new TagIndex();
    fromPacked.add(tags('first.c', ['beta', 'zeta']));
    for (const file of files) fromObjects.add(file);
    for (const result of throughWorker(results)) if (result.type === 'tags') fromPacked.addInterned(result.tags.relPath, result.tags.entries(fromPacked));
    expect(dump(fromPacked)).toEqual(dump(fromObjects));
    expect(fromPacked.kinds).toEqual(fromObjects.kinds);
    // A batch's names are interned once per index: a second index gets its own ids.
    const other = new TagIndex();
    other.add(tags('other.c', ['gamma']));
    const [first] = throughWorker([results[0]!]);
    if (first?.type === 'tags') {
      const patched = fromPacked.emptyWithSameIds();
      patched.addInterned(first.tags.relPath, first.tags.entries(patched));
      other.addInterned(first.tags.relPath, first.tags.entries(other));
    }
    expect(other.identName(other.defIdent.get(1))).toBe('alpha');
  });

  test('a result tagged in this thread is delivered the same way', () => {
    const delivered = deliverInThread(results[0]!);
    expect(delivered.type === 'tags' && delivered.tags.toFileTags()).toEqual(files[0]);
    expect(deliverInThread(results[1]!)).toBe(results[1]);
  });
});
