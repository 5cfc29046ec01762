import { describe, expect, test } from 'vitest';
import { IdentTable } from '../../src/graph/ident-table.js';
import { TagIndex } from '../../src/graph/tag-index.js';
import { fileTags } from '../helpers.js';

function dump(index: TagIndex): unknown {
  return index.files.map((relPath, file) => {
    const [ds, de] = index.definitionRange(file);
    const [rs, re] = index.referenceRange(file);
    const defs = [];
    for (let d = ds; d < de; d++) defs.push([index.identName(index.defIdent.get(d)), index.defLine.get(d), index.kinds[index.defKind.get(d)]]);
    const refs = [];
    for (let r = rs; r < re; r++) refs.push([index.identName(index.refIdent.get(r)), index.refCount.get(r)]);
    return { relPath, defs, refs };
  });
}

describe('IdentTable', () => {
  test('interns names to dense ids, across growth, with any characters', () => {
    const table = new IdentTable();
    const names = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? `név_${i}` : i % 3 === 1 ? `😀${i}` : `x${i}`));
    names.push('', 'a'.repeat(20_000));
    const ids = names.map((name) => table.intern(name));
    expect(ids).toEqual(names.map((_, i) => i));
    expect(names.map((name) => table.intern(name))).toEqual(ids);
    expect(names.every((name, id) => table.name(id) === name && table.get(name) === id)).toBe(true);
    expect(table.get('missing')).toBeUndefined();
    const copy = IdentTable.fromArrays(table.toArrays());
    expect(copy.size).toBe(names.length);
    expect(copy.get('név_3')).toBe(3);
    expect(copy.intern('fresh')).toBe(names.length);
    expect(table.get('fresh')).toBeUndefined();
  });

  test('the name pool grows in place (no copy left beside it), and the slots double only past 5/8 full', () => {
    const table = new IdentTable();
    const before = table.toArrays();
    // 2,500 names of 40 bytes: 100 KB of pool, past its first 64 KB; 2,500 ids, past the first 1,024 starts.
    for (let i = 0; i < 2_500; i++) table.intern(`name_${String(i).padStart(35, '0')}`);
    const after = table.toArrays();
    expect(after.pool.length).toBe(100_000);
    expect(after.pool.buffer).toBe(before.pool.buffer);
    expect(after.starts.buffer).toBe(before.starts.buffer);
    // At most half full, 2,500 ids would need 8,192 slots.
    expect(after.slots.length).toBe(4_096);
    expect(table.get(`name_${String(2_499).padStart(35, '0')}`)).toBe(2_499);
  });
});

describe('TagIndex', () => {
  const files = [
    fileTags('a.c', [['alpha', 1], ['beta', 5]], [['gamma', 2]]),
    fileTags('b.c', [['gamma', 0]], [['alpha', 3], ['beta', 1]]),
    fileTags('c.c', [], [['nowhere', 1]]),
  ];

  test('serialize and deserialize round-trip every file, name and number', () => {
    const index = new TagIndex();
    for (const file of files) index.add(file);
    const restored = TagIndex.deserializeParts(index.serializeParts());
    expect(dump(restored)).toEqual(dump(index));
    expect(restored.identId('gamma')).toBe(index.identId('gamma'));
  });

  test('each entry\'s file is found from the files\' ranges, files without entries included', () => {
    const index = new TagIndex();
    for (const file of [fileTags('empty.c', [], []), ...files, fileTags('last.c', [], [])]) index.add(file);
    const defFiles = Array.from({ length: index.definitionCount }, (_, d) => index.files[index.definitionFile(d)]);
    const refFiles = Array.from({ length: index.referenceCount }, (_, r) => index.files[index.referenceFile(r)]);
    expect(defFiles).toEqual(['a.c', 'a.c', 'b.c']);
    expect(refFiles).toEqual(['a.c', 'b.c', 'b.c', 'c.c']);
  });

  test('a serialized index of another format is refused, not misread', () => {
    const index = new TagIndex();
    for (const file of files) index.add(file);
    const [header, ...rest] = index.serializeParts();
    const older = Buffer.from(JSON.stringify({ ...JSON.parse(header!.toString()), format: undefined }));
    expect(() => TagIndex.deserializeParts([older, ...rest])).toThrow(/format/);
  });

  test('patching from a snapshot (addFrom for unchanged files) equals indexing from scratch', () => {
    const old = new TagIndex();
    for (const file of files) old.add(file);
    const changed = fileTags('b.c', [['gamma', 0], ['delta', 9]], [['alpha', 1]]);
    const patched = old.emptyWithSameIds();
    patched.addFrom(old, old.fileId('a.c')!);
    patched.add(changed);
    patched.addFrom(old, old.fileId('c.c')!);
    const fresh = new TagIndex();
    for (const file of [files[0]!, changed, files[2]!]) fresh.add(file);
    expect(dump(patched)).toEqual(dump(fresh));
  });
});
