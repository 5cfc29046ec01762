import { describe, expect, test } from 'vitest';
import { TagIndex } from '../../src/graph/tag-index.js';
import { compareCodePoints } from '../../src/paths.js';
import { findDefinitions, type DefinitionHit } from '../../src/session/queries.js';
import type { Tag } from '../../src/types.js';

/** A deterministic pseudo-random index: names that share prefixes in several cases, repeated names, rank ties. */
function randomIndex(seed: number): { index: TagIndex; ranks: Map<string, number>; names: string[] } {
  let state = seed;
  // mulberry32
  const next = (below: number): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % below;
  };
  const names = ['Reader', 'reader', 'READ', 'ReadAll', 'readLine', 'Read', 'NewReader', 'newReader', 'New', 'new', 'Écrire', 'écrire', 'x', 'X1', 'x_1', '\u{1d465}Val', '\uff58Val', '\uff58'];
  const index = new TagIndex();
  const ranks = new Map<string, number>();
  for (let file = 0; file < 40; file++) {
    const relPath = `pkg${next(5)}/file${String(file).padStart(2, '0')}.go`;
    if (index.fileId(relPath) !== undefined) continue;
    const definitions: Tag[] = [];
    for (let i = next(8); i > 0; i--) {
      definitions.push({ relPath, line: next(4) - 1, column: 0, name: names[next(names.length)]!, role: 'definition', kind: next(2) ? 'function' : 'type' });
    }
    definitions.sort((a, b) => a.line - b.line);
    const references = [{ name: names[next(names.length)]!, kind: 'call', line: 0, column: 0, count: 1 + next(3) }];
    index.add({ relPath, language: 'go', definitions, references, backfilled: false });
    // Few distinct ranks, so ties between files are common; some files are outside the graph.
    if (next(4) > 0) ranks.set(relPath, next(3) / 10);
  }
  return { index, ranks, names };
}

/** The answer by brute force: every definition, filtered, sorted as documented, cut. */
function expected(index: TagIndex, ranks: Map<string, number>, query: string, prefix: boolean, limit: number): DefinitionHit[] {
  const hits: DefinitionHit[] = [];
  for (let d = 0; d < index.definitionCount; d++) {
    const name = index.identName(index.defIdent.get(d));
    if (prefix ? !name.toLowerCase().startsWith(query.toLowerCase()) : name !== query) continue;
    const path = index.files[index.definitionFile(d)]!;
    hits.push({ name, path, line: index.defLine.get(d), kind: index.kinds[index.defKind.get(d)]!, rank: ranks.get(path) ?? 0 });
  }
  hits.sort((a, b) => b.rank - a.rank || compareCodePoints(a.path, b.path) || a.line - b.line || compareCodePoints(a.name, b.name));
  return hits.slice(0, limit);
}

describe('findDefinitions', () => {
  test('answers exact and case-insensitive prefix queries as a sort of every definition would, cut at the limit', () => {
    for (const seed of [1, 7, 42]) {
      const { index, ranks, names } = randomIndex(seed);
      expect(index.definitionCount).toBeGreaterThan(100);
      expect(expected(index, ranks, 'r', true, 200).length).toBeGreaterThan(20);
      const queries = [...names, 'read', 'RE', 'new', 'é', 'É', 'x', '\u{1d465}', '\u{1d465}v', '\uff58', 'missing', 'Readers'];
      for (const query of queries) {
        for (const prefix of [false, true]) {
          for (const limit of [1, 3, 20, 200]) {
            expect(findDefinitions(index, ranks, query, { prefix, limit }), `${seed} ${query} ${prefix} ${limit}`).toEqual(expected(index, ranks, query, prefix, limit));
          }
        }
      }
    }
  });

  test('a prefix query matches names in any case and nothing else', () => {
    const { index, ranks } = randomIndex(3);
    const names = findDefinitions(index, ranks, 'REA', { prefix: true, limit: 200 }).map((hit) => hit.name);
    expect(new Set(names)).toEqual(new Set(['Reader', 'reader', 'READ', 'ReadAll', 'readLine', 'Read'].filter((name) => names.includes(name))));
    expect(names.length).toBeGreaterThan(5);
    expect(findDefinitions(index, ranks, 'Reader', { limit: 200 }).every((hit) => hit.name === 'Reader')).toBe(true);
  });
});
