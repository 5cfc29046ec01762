/**
 * Questions a live session answers from its index without building a map: where a name is
 * defined, which files reference it. Pure over the tag index and file ranks; best-ranked first,
 * ties by path, so answers are deterministic.
 */
import type { TagIndex } from '../graph/tag-index.js';
import { compareCodePoints } from '../paths.js';

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

/** Lower-cased defined names, sorted, per index (built on the first prefix query). */
const definedNames = new WeakMap<TagIndex, Array<{ lower: string; ident: number }>>();

function sortedDefinedNames(index: TagIndex): Array<{ lower: string; ident: number }> {
  let names = definedNames.get(index);
  if (!names) {
    const idents = [...new Set(index.defIdent.view())];
    names = index.identNames(idents).map((name, i) => ({ lower: name.toLowerCase(), ident: idents[i]! }));
    names.sort((a, b) => compareCodePoints(a.lower, b.lower) || a.ident - b.ident);
    definedNames.set(index, names);
  }
  return names;
}

function matchingIdents(index: TagIndex, query: string, prefix: boolean): Set<number> {
  if (!prefix) {
    const ident = index.identId(query);
    return new Set(ident === undefined ? [] : [ident]);
  }
  const names = sortedDefinedNames(index);
  const lower = query.toLowerCase();
  let low = 0;
  let high = names.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareCodePoints(names[middle]!.lower, lower) < 0) low = middle + 1;
    else high = middle;
  }
  const idents = new Set<number>();
  for (let i = low; i < names.length && names[i]!.lower.startsWith(lower); i++) idents.add(names[i]!.ident);
  return idents;
}

export function findDefinitions(index: TagIndex, ranks: ReadonlyMap<string, number>, query: string, options: DefinitionQuery): DefinitionHit[] {
  const idents = matchingIdents(index, query, options.prefix ?? false);
  if (idents.size === 0) return [];
  const hits: DefinitionHit[] = [];
  const defIdent = index.defIdent.view();
  for (let d = 0; d < defIdent.length; d++) {
    if (!idents.has(defIdent[d]!)) continue;
    const path = index.files[index.definitionFile(d)]!;
    hits.push({ name: index.identName(defIdent[d]!), path, line: index.defLine.get(d), kind: index.kinds[index.defKind.get(d)]!, rank: ranks.get(path) ?? 0 });
  }
  hits.sort((a, b) => b.rank - a.rank || compareCodePoints(a.path, b.path) || a.line - b.line || compareCodePoints(a.name, b.name));
  return hits.slice(0, options.limit);
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
