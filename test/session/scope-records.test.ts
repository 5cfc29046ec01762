/**
 * Scope records kept compactly: every record comes back exactly as it was set (real ones from
 * parsing this repository's sources, and arbitrary integer sequences the layout does not
 * predict), replaced and deleted records stop taking room, and absorbing moves records across.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ScopeRecords } from '../../src/session/scope-records.js';
import { GrammarRegistry } from '../../src/tags/grammar-registry.js';
import { extractTags } from '../../src/tags/extract-tags.js';
import { recordScopes, withFinalNewline } from '../../src/tags/record-scopes.js';
import { PROJECT_ROOT } from '../helpers.js';

/** A deterministic pseudo-random sequence (so a failure can be replayed). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('ScopeRecords', () => {
  test('records parsed from real sources come back exactly, in less room than 16 bits a number', async () => {
    const registry = new GrammarRegistry();
    const grammar = await registry.get('typescript');
    const records = new ScopeRecords();
    const expected = new Map<string, number[]>();
    let numbers = 0;
    try {
      for (const file of ['src/session/repo-session.ts', 'src/graph/tag-index.ts', 'src/tags/record-scopes.ts', 'src/render/fit-budget.ts']) {
        const text = withFinalNewline(readFileSync(path.join(PROJECT_ROOT, file), 'utf8'));
        const tree = grammar.parser.parse(text)!;
        try {
          const { definitions } = extractTags({ relPath: file, language: 'typescript', tree, query: grammar.query });
          const record = recordScopes(tree, definitions);
          expect(record.length).toBeGreaterThan(30);
          records.set(file, record);
          expected.set(file, record);
          numbers += record.length;
        } finally {
          tree.delete();
        }
      }
    } finally {
      registry.close();
    }
    for (const [file, record] of expected) expect(records.get(file)).toEqual(record);
    expect(records.size).toBe(4);
    expect(records.byteLength).toBeLessThan(numbers * 2 * 0.7);
  });

  test('any integer sequence round-trips, however little it looks like a record', () => {
    const next = random(7);
    const records = new ScopeRecords();
    const expected = new Map<string, number[]>();
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(next() * 40);
      const record = Array.from({ length }, () => {
        const r = next();
        if (r < 0.5) return Math.floor(next() * 200);
        if (r < 0.7) return -Math.floor(next() * 2 ** 20);
        if (r < 0.9) return Math.floor(next() * 2 ** 31);
        return Math.floor(next() * 2 ** 40) * (next() < 0.5 ? -1 : 1);
      });
      records.set(`f${i}`, record);
      expected.set(`f${i}`, record);
    }
    // A huge count: the layout expects pairs that never come.
    records.set('count', [3, 4, 2 ** 31, 1, 2]);
    expected.set('count', [3, 4, 2 ** 31, 1, 2]);
    for (const [file, record] of expected) expect(records.get(file)).toEqual(record);
    expect(records.get('absent')).toBeUndefined();
  });

  test('a record longer than a chunk gets one of its own, and the records around it are intact', () => {
    const records = new ScopeRecords();
    const long = Array.from({ length: 200_000 }, (_, i) => (i % 3 === 2 ? 1 : 3 * i + 70_000));
    records.set('before', [1, 2, 0]);
    records.set('long', long);
    records.set('after', [5, 6, 1, 2, 3]);
    expect(records.get('long')).toEqual(long);
    expect(records.get('before')).toEqual([1, 2, 0]);
    expect(records.get('after')).toEqual([5, 6, 1, 2, 3]);
  });

  test('numbers that are not integers, or too large to encode, are refused', () => {
    const records = new ScopeRecords();
    expect(() => records.set('a', [1.5])).toThrow(RangeError);
    expect(() => records.set('a', [2 ** 41])).toThrow(RangeError);
    expect(records.has('a')).toBe(false);
  });

  test('replaced and deleted records stop taking room once they outweigh the live ones', () => {
    const records = new ScopeRecords();
    const record = Array.from({ length: 3_000 }, (_, i) => 7 * i);
    // ~3 KB a record: 2,000 of them stored would take ~6 MB.
    for (let round = 0; round < 2_000; round++) records.set(`f${round % 5}`, [...record, round]);
    for (let i = 0; i < 5; i++) expect(records.get(`f${i}`)).toEqual([...record, 1_995 + i]);
    expect(records.byteLength).toBeLessThan(2_000_000);
    records.delete('f0');
    expect(records.get('f0')).toBeUndefined();
    expect(records.size).toBe(4);
  });

  test('absorb moves records across, the newer record of a file winning, and empties the source', () => {
    const first = new ScopeRecords();
    first.set('a', [1, 2, 0]);
    first.set('b', [3, 4, 0]);
    const kept = new ScopeRecords();
    kept.absorb(first);
    expect(first.size).toBe(0);
    expect(kept.get('a')).toEqual([1, 2, 0]);
    const second = new ScopeRecords();
    second.set('b', [9, 10, 1, 4, 5]);
    second.set('c', [0, 1, 0]);
    kept.absorb(second);
    expect(second.size).toBe(0);
    expect(second.get('b')).toBeUndefined();
    expect([kept.get('a'), kept.get('b'), kept.get('c')]).toEqual([[1, 2, 0], [9, 10, 1, 4, 5], [0, 1, 0]]);
    expect(kept.size).toBe(3);
  });
});
