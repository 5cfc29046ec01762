/**
 * The definitions of a tag index by name, built once per index (an index is never changed once
 * a map has used it; a refresh makes a new one) so a lookup touches only what it returns: the
 * definition entries grouped by identifier (counting sort, with each entry's file), and the
 * defined names lower-cased and sorted for case-insensitive prefix lookups by binary search.
 */
import type { TagIndex } from '../graph/tag-index.js';
import { lowerBound } from '../lower-bound.js';

export class DefinitionLookup {
  /** Entries of identifier i: entries[starts[i] .. starts[i + 1]), in index order. */
  private readonly starts: Int32Array;
  private readonly entries: Int32Array;
  /** The file of each definition entry (by entry, not by position in `entries`). */
  private readonly entryFiles: Int32Array;
  /** Lower-cased defined names, sorted, with their identifiers (built on the first prefix lookup). */
  private sortedNames: { lower: string[]; idents: Int32Array } | undefined;

  private constructor(readonly index: TagIndex) {
    const defIdent = index.defIdent.view();
    const starts = new Int32Array(index.identCount + 1);
    for (let d = 0; d < defIdent.length; d++) starts[defIdent[d]! + 1]!++;
    for (let i = 0; i < index.identCount; i++) starts[i + 1]! += starts[i]!;
    const next = starts.slice(0, index.identCount);
    const entries = new Int32Array(defIdent.length);
    for (let d = 0; d < defIdent.length; d++) entries[next[defIdent[d]!]!++] = d;
    const entryFiles = new Int32Array(defIdent.length);
    for (let file = 0; file < index.fileCount; file++) {
      const [start, end] = index.definitionRange(file);
      entryFiles.fill(file, start, end);
    }
    this.starts = starts;
    this.entries = entries;
    this.entryFiles = entryFiles;
  }

  private static readonly built = new WeakMap<TagIndex, DefinitionLookup>();

  static of(index: TagIndex): DefinitionLookup {
    let lookup = DefinitionLookup.built.get(index);
    // Indexes are complete when used; a grown one (never, today) is simply looked at again.
    if (!lookup || lookup.entries.length !== index.definitionCount || lookup.starts.length !== index.identCount + 1) {
      lookup = new DefinitionLookup(index);
      DefinitionLookup.built.set(index, lookup);
    }
    return lookup;
  }

  /** The definition entries of an identifier, in index order. */
  entriesOf(ident: number): Int32Array {
    return this.entries.subarray(this.starts[ident]!, this.starts[ident + 1]!);
  }

  fileOf(entry: number): number {
    return this.entryFiles[entry]!;
  }

  /** The identifiers some file defines whose names start with `prefix`, ignoring case. */
  identsWithPrefix(prefix: string): Int32Array {
    const { lower, idents } = this.names();
    const wanted = prefix.toLowerCase();
    const first = lowerBound(lower, wanted);
    let end = first;
    while (end < lower.length && lower[end]!.startsWith(wanted)) end++;
    return idents.subarray(first, end);
  }

  private names(): { lower: string[]; idents: Int32Array } {
    if (!this.sortedNames) {
      const defined: number[] = [];
      for (let ident = 0; ident < this.starts.length - 1; ident++) if (this.starts[ident + 1]! > this.starts[ident]!) defined.push(ident);
      const names = this.index.identNames(defined).map((name, i) => ({ lower: name.toLowerCase(), ident: defined[i]! }));
      // UTF-16 order, not code-point order: any one order keeps the names with a prefix together,
      // and the answer is sorted by rank and path anyway. It sorts Go's 45k names twice as fast.
      names.sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : a.ident - b.ident));
      this.sortedNames = { lower: names.map((name) => name.lower), idents: Int32Array.from(names, (name) => name.ident) };
    }
    return this.sortedNames;
  }
}

