/**
 * A compact, append-only index of every file's tags for the graph and ranking: file and
 * identifier names are interned to integers and tags live in growable typed arrays, so the
 * Linux kernel's ~10M reference pairs cost ~12 bytes each instead of a JS object each. Files must
 * be added in a fixed order (the build adds them in path order) so interning, and therefore
 * every floating-point sum downstream, is the same in every run.
 */
import type { FileTags, InternedEntries, NameInterner } from '../types.js';
import { ensureCapacity, growableInts, shrinkTo } from './growable-ints.js';
import { IdentTable } from './ident-table.js';

class IntVector {
  /** Grows and shrinks in place (see growable-ints.ts); a loaded vector is a plain array until it grows. */
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = growableInts(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.data = ensureCapacity(this.data, this.length + 1, this.length);
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index]!;
  }

  reserve(extra: number): void {
    this.data = ensureCapacity(this.data, this.length + extra, this.length);
  }

  pushRange(source: IntVector, start: number, end: number): void {
    this.reserve(end - start);
    this.data.set(source.data.subarray(start, end), this.length);
    this.length += end - start;
  }

  /** Drops unused capacity (growth leaves up to a third of the array empty). */
  trim(): void {
    this.data = shrinkTo(this.data, this.length);
  }

  /** Empties the vector, giving its memory back at once where it grew in place (not at V8's next collection). */
  release(): void {
    this.data = shrinkTo(this.data, 0);
    this.length = 0;
  }

  load(values: Int32Array): void {
    this.data = values.length > 0 ? values : new Int32Array(1024);
    this.length = values.length;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

const scratchEntry = new Int32Array(3);

/** Version of serializeParts' layout: 2 dropped the per-entry file vectors. */
const SERIALIZED_FORMAT = 2;
const VECTOR_COUNT = 7;

export class TagIndex implements NameInterner {
  readonly files: string[] = [];
  private identTable = new IdentTable();
  readonly kinds: string[] = [];
  private readonly fileIds = new Map<string, number>();
  private readonly kindIds = new Map<string, number>();
  /**
   * Definitions, grouped by file in insertion order and by line within a file. A definition's
   * file is not stored (4 bytes each, ~12 MB on the kernel): it is the file whose range holds it.
   */
  readonly defIdent = new IntVector();
  readonly defLine = new IntVector();
  readonly defKind = new IntVector();
  /** References folded per (file, identifier): how many times the file names it; file as for definitions. */
  readonly refIdent = new IntVector();
  readonly refCount = new IntVector();
  /** defs of file f: [defStarts[f], defStarts[f + 1]); refs likewise with refStarts. */
  private readonly defStarts = new IntVector();
  private readonly refStarts = new IntVector();

  get fileCount(): number {
    return this.files.length;
  }

  get definitionCount(): number {
    return this.defIdent.length;
  }

  get referenceCount(): number {
    return this.refIdent.length;
  }

  /** The file holding definition `entry` (a binary search over the files' ranges). */
  definitionFile(entry: number): number {
    return this.fileOfEntry(this.defStarts, entry);
  }

  /** The file holding reference `entry`. */
  referenceFile(entry: number): number {
    return this.fileOfEntry(this.refStarts, entry);
  }

  private fileOfEntry(starts: IntVector, entry: number): number {
    // The last file whose range starts at or before `entry` (files without entries share a start).
    let low = 0;
    let high = this.files.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts.get(middle) <= entry) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  add(tags: Omit<FileTags, 'scopes'>): void {
    this.addInterned(tags.relPath, {
      definitions: tags.definitions.length,
      definition: (i, into) => {
        const tag = tags.definitions[i]!;
        into[0] = this.intern(tag.name);
        into[1] = tag.line;
        into[2] = this.internKind(tag.kind);
      },
      references: tags.references.length,
      reference: (i, into) => {
        const ref = tags.references[i]!;
        into[0] = this.intern(ref.name);
        into[1] = ref.count;
      },
    });
  }

  /**
   * Adds a file's entries read through `entries`, whose names are already this index's ids
   * (intern, internKind): the one place a file's references are folded per identifier.
   */
  addInterned(relPath: string, entries: InternedEntries): void {
    if (this.fileIds.has(relPath)) throw new Error(`${relPath}: tags added twice`);
    const file = this.files.length;
    this.files.push(relPath);
    this.fileIds.set(relPath, file);
    this.defStarts.push(this.defIdent.length);
    this.refStarts.push(this.refIdent.length);
    const entry = scratchEntry;
    for (let i = 0; i < entries.definitions; i++) {
      entries.definition(i, entry);
      this.defIdent.push(entry[0]!);
      this.defLine.push(entry[1]!);
      this.defKind.push(entry[2]!);
    }
    const counts = new Map<number, number>();
    for (let i = 0; i < entries.references; i++) {
      entries.reference(i, entry);
      counts.set(entry[0]!, (counts.get(entry[0]!) ?? 0) + entry[1]!);
    }
    for (const [ident, count] of counts) {
      this.refIdent.push(ident);
      this.refCount.push(count);
    }
  }

  fileId(relPath: string): number | undefined {
    return this.fileIds.get(relPath);
  }

  identId(name: string): number | undefined {
    return this.identTable.get(name);
  }

  get identCount(): number {
    return this.identTable.size;
  }

  identName(id: number): string {
    return this.identTable.name(id);
  }

  /** See IdentTable.readName. */
  readIdentName<T>(id: number, narrow: (pool: Uint8Array, start: number, end: number) => T, wide: (name: string) => T): T {
    return this.identTable.readName(id, narrow, wide);
  }

  identNames(ids: ArrayLike<number>): string[] {
    return this.identTable.names(ids);
  }

  /** Index range of a file's definitions in the def* vectors. */
  definitionRange(file: number): [number, number] {
    const start = this.defStarts.get(file);
    const end = file + 1 < this.files.length ? this.defStarts.get(file + 1) : this.defIdent.length;
    return [start, end];
  }

  /** Index range of a file's references in the ref* vectors. */
  referenceRange(file: number): [number, number] {
    const start = this.refStarts.get(file);
    const end = file + 1 < this.files.length ? this.refStarts.get(file + 1) : this.refIdent.length;
    return [start, end];
  }

  /** The rows where `file` defines `ident`, ascending and without repeats. */
  definitionLines(file: number, ident: number): number[] {
    const [start, end] = this.definitionRange(file);
    const lines: number[] = [];
    for (let d = start; d < end; d++) {
      if (this.defIdent.get(d) !== ident) continue;
      const line = this.defLine.get(d);
      if (lines[lines.length - 1] !== line) lines.push(line);
    }
    return lines;
  }

  /**
   * Adds a file whose entries are copied from another index that shares this one's identifier
   * and kind ids (an index restored from a snapshot, being patched): no strings are touched.
   */
  addFrom(source: TagIndex, sourceFile: number): void {
    const relPath = source.files[sourceFile]!;
    if (this.fileIds.has(relPath)) throw new Error(`${relPath}: tags added twice`);
    const file = this.files.length;
    this.files.push(relPath);
    this.fileIds.set(relPath, file);
    this.defStarts.push(this.defIdent.length);
    this.refStarts.push(this.refIdent.length);
    const [defStart, defEnd] = source.definitionRange(sourceFile);
    this.defIdent.pushRange(source.defIdent, defStart, defEnd);
    this.defLine.pushRange(source.defLine, defStart, defEnd);
    this.defKind.pushRange(source.defKind, defStart, defEnd);
    const [refStart, refEnd] = source.referenceRange(sourceFile);
    this.refIdent.pushRange(source.refIdent, refStart, refEnd);
    this.refCount.pushRange(source.refCount, refStart, refEnd);
  }

  /** An empty index that interns names with the same ids as this one (for addFrom). */
  emptyWithSameIds(): TagIndex {
    const index = new TagIndex();
    index.identTable = this.identTable.clone();
    for (const kind of this.kinds) index.internKind(kind);
    // Sized like this index: a patched index ends up about as large.
    index.vectors().forEach((vector, i) => vector.reserve(this.vectors()[i]!.length));
    return index;
  }

  /** How many interned names some file still defines or references (the rest are dead). */
  usedIdentCount(): number {
    const used = new Uint8Array(this.identCount);
    for (const ident of this.defIdent.view()) used[ident] = 1;
    for (const ident of this.refIdent.view()) used[ident] = 1;
    let count = 0;
    for (const flag of used) count += flag;
    return count;
  }

  /**
   * The same entries in a fresh index with only the names still in use. Files are re-added in
   * order, so names are interned exactly as a cold build of the same files interns them.
   */
  compacted(): TagIndex {
    const index = new TagIndex();
    for (let file = 0; file < this.files.length; file++) {
      const relPath = this.files[file]!;
      const definitions: FileTags['definitions'] = [];
      const [defStart, defEnd] = this.definitionRange(file);
      for (let d = defStart; d < defEnd; d++) {
        const name = this.identName(this.defIdent.get(d));
        definitions.push({ relPath, line: this.defLine.get(d), column: 0, name, role: 'definition', kind: this.kinds[this.defKind.get(d)]! });
      }
      const references: FileTags['references'] = [];
      const [refStart, refEnd] = this.referenceRange(file);
      for (let r = refStart; r < refEnd; r++) {
        references.push({ name: this.identName(this.refIdent.get(r)), kind: '', line: 0, column: 0, count: this.refCount.get(r) });
      }
      index.add({ relPath, language: '', definitions, references, backfilled: false });
    }
    index.trim();
    return index;
  }

  /** Drops the vectors' spare capacity once no more files will be added. */
  trim(): void {
    for (const vector of this.vectors()) vector.trim();
  }

  /** Frees the reference vectors once a graph holds what it needs of them (no-cache builds). */
  releaseReferences(): void {
    this.refIdent.release();
    this.refCount.release();
    this.refStarts.release();
  }

  /**
   * A compact binary form in parts: file and kind names as JSON, then every array as raw bytes
   * (views, not copies: the kernel's arrays are ~250 MB).
   */
  serializeParts(): Buffer[] {
    const text = Buffer.from(JSON.stringify({ format: SERIALIZED_FORMAT, files: this.files, kinds: this.kinds }));
    const { pool, starts, slots } = this.identTable.toArrays();
    const vectors = this.vectors().map((vector) => vector.view());
    return [text, ...[pool, starts, slots, ...vectors].map((array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength))];
  }

  static deserializeParts(parts: readonly Buffer[]): TagIndex {
    const [text, pool, starts, slots, ...vectors] = parts;
    const { format, files, kinds } = JSON.parse(text!.toString()) as { format?: number; files: string[]; kinds: string[] };
    if (format !== SERIALIZED_FORMAT || vectors.length !== VECTOR_COUNT) throw new Error(`not a tag index of format ${SERIALIZED_FORMAT}`);
    // Copies: a Buffer's memory may be unaligned for typed-array views.
    const copy = (part: Buffer): ArrayBuffer => {
      const bytes = new Uint8Array(part.length);
      bytes.set(part);
      return bytes.buffer;
    };
    const index = new TagIndex();
    files.forEach((relPath, file) => {
      index.files.push(relPath);
      index.fileIds.set(relPath, file);
    });
    for (const kind of kinds) index.internKind(kind);
    index.identTable = IdentTable.fromArrays({
      pool: new Uint8Array(copy(pool!)),
      starts: new Int32Array(copy(starts!)),
      slots: new Int32Array(copy(slots!)),
    });
    index.vectors().forEach((vector, i) => vector.load(new Int32Array(copy(vectors[i]!))));
    return index;
  }

  private vectors(): IntVector[] {
    return [this.defIdent, this.defLine, this.defKind, this.refIdent, this.refCount, this.defStarts, this.refStarts];
  }

  intern(name: string): number {
    return this.identTable.intern(name);
  }

  internKind(kind: string): number {
    let id = this.kindIds.get(kind);
    if (id === undefined) {
      id = this.kinds.length;
      this.kinds.push(kind);
      this.kindIds.set(kind, id);
    }
    return id;
  }
}
