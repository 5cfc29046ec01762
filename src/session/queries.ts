/**
 * Questions a live session answers from its index without building a map: where a name is
 * defined, which files reference it. Pure over the tag index and file ranks; best-ranked first,
 * ties by path, so answers are deterministic.
 */
import type { TagIndex } from '../graph/tag-index.js';
import { compareCodePoints } from '../paths.js';
import { DefinitionLookup } from './definition-lookup.js';

export interface DefinitionHit {
  name: string;
  path: string;
  /** 0-based row of the name. */
  line: number;
  kind: string;
  /** The file's PageRank in the default map (0 outside the graph). */
  rank: number;
}

export interface ReferenceHit {
  path: string;
  /** How many times the file names the identifier. */
  count: number;
  rank: number;
}

export interface DefinitionQuery {
  /** Match names that start with the query, ignoring case, instead of the exact name. */
  prefix?: boolean;
  limit: number;
}

/** The files' ranks by file id, per index and rank map (both are replaced, never changed). */
const fileRanks = new WeakMap<TagIndex, { ranks: ReadonlyMap<string, number>; byFile: Float64Array }>();

function ranksByFile(index: TagIndex, ranks: ReadonlyMap<string, number>): Float64Array {
  let held = fileRanks.get(index);
  if (held?.ranks !== ranks) {
    held = { ranks, byFile: Float64Array.from(index.files, (relPath) => ranks.get(relPath) ?? 0) };
    fileRanks.set(index, held);
  }
  return held.byFile;
}

/**
 * Definitions of the name (or, with `prefix`, of every defined name starting with it, ignoring
 * case), best-ranked file first, then by path, line and name; at most `limit`. Looks only at the
 * matching entries (DefinitionLookup), keeping the best `limit` as it goes.
 */
export function findDefinitions(index: TagIndex, ranks: ReadonlyMap<string, number>, query: string, options: DefinitionQuery): DefinitionHit[] {
  const lookup = DefinitionLookup.of(index);
  let idents: ArrayLike<number>;
  if (options.prefix) idents = lookup.identsWithPrefix(query);
  else {
    const ident = index.identId(query);
    idents = ident === undefined ? [] : [ident];
  }
  const rankOf = ranksByFile(index, ranks);
  const before = (a: number, b: number): boolean => {
    const fileA = lookup.fileOf(a);
    const fileB = lookup.fileOf(b);
    if (fileA !== fileB) {
      const byRank = rankOf[fileB]! - rankOf[fileA]!;
      return byRank !== 0 ? byRank < 0 : compareCodePoints(index.files[fileA]!, index.files[fileB]!) < 0;
    }
    const byLine = index.defLine.get(a) - index.defLine.get(b);
    if (byLine !== 0) return byLine < 0;
    return compareCodePoints(index.identName(index.defIdent.get(a)), index.identName(index.defIdent.get(b))) < 0;
  };
  // The best `limit` entries so far, best first: an entry goes in at its place if it beats the last.
  const best: number[] = [];
  for (let i = 0; i < idents.length; i++) {
    for (const entry of lookup.entriesOf(idents[i]!)) {
      if (best.length === options.limit && !before(entry, best[best.length - 1]!)) continue;
      let place = best.length;
      while (place > 0 && before(entry, best[place - 1]!)) place--;
      best.splice(place, 0, entry);
      if (best.length > options.limit) best.pop();
    }
  }
  return best.map((entry) => {
    const file = lookup.fileOf(entry);
    return { name: index.identName(index.defIdent.get(entry)), path: index.files[file]!, line: index.defLine.get(entry), kind: index.kinds[index.defKind.get(entry)]!, rank: rankOf[file]! };
  });
}

export function findReferences(index: TagIndex, ranks: ReadonlyMap<string, number>, name: string, limit: number): ReferenceHit[] {
  const ident = index.identId(name);
  if (ident === undefined) return [];
  const hits: ReferenceHit[] = [];
  const refIdent = index.refIdent.view();
  for (let r = 0; r < refIdent.length; r++) {
    if (refIdent[r] !== ident) continue;
    const path = index.files[index.referenceFile(r)]!;
    hits.push({ path, count: index.refCount.get(r), rank: ranks.get(path) ?? 0 });
  }
  hits.sort((a, b) => b.rank - a.rank || b.count - a.count || compareCodePoints(a.path, b.path));
  return hits.slice(0, limit);
}

/** The rows a file defines names at, ascending (its outline's lines of interest). */
export function definitionRows(index: TagIndex, relPath: string): number[] | undefined {
  const file = index.fileId(relPath);
  if (file === undefined) return undefined;
  const [start, end] = index.definitionRange(file);
  const rows = new Set<number>();
  for (let d = start; d < end; d++) if (index.defLine.get(d) >= 0) rows.add(index.defLine.get(d));
  return [...rows].sort((a, b) => a - b);
}
