/**
 * A compact, append-only index of every file's tags for the graph and ranking: file and
 * identifier names are interned to integers and tags live in growable typed arrays, so the
 * Linux kernel's ~10M reference pairs cost ~12 bytes each instead of a JS object each. Files must
 * be added in a fixed order (the build adds them in path order) so interning, and therefore
 * every floating-point sum downstream, is the same in every run.
 */
import type { FileTags } from '../types.js';

class IntVector {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index]!;
  }

  load(values: Int32Array): void {
    this.data = values.length > 0 ? values : new Int32Array(1024);
    this.length = values.length;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

export class TagIndex {
  readonly files: string[] = [];
  readonly idents: string[] = [];
  readonly kinds: string[] = [];
  private readonly fileIds = new Map<string, number>();
  private readonly identIds = new Map<string, number>();
  private readonly kindIds = new Map<string, number>();
  /** Definitions, grouped by file in insertion order and by line within a file. */
  readonly defFile = new IntVector();
  readonly defIdent = new IntVector();
  readonly defLine = new IntVector();
  readonly defKind = new IntVector();
  /** References folded per (file, identifier): how many times the file names it. */
  readonly refFile = new IntVector();
  readonly refIdent = new IntVector();
  readonly refCount = new IntVector();
  /** defs of file f: [defStarts[f], defStarts[f + 1]); refs likewise with refStarts. */
  private readonly defStarts = new IntVector();
  private readonly refStarts = new IntVector();

  get fileCount(): number {
    return this.files.length;
  }

  add(tags: FileTags): void {
    if (this.fileIds.has(tags.relPath)) throw new Error(`${tags.relPath}: tags added twice`);
    const file = this.files.length;
    this.files.push(tags.relPath);
    this.fileIds.set(tags.relPath, file);
    this.defStarts.push(this.defFile.length);
    this.refStarts.push(this.refFile.length);
    for (const tag of tags.definitions) {
      this.defFile.push(file);
      this.defIdent.push(this.intern(tag.name));
      this.defLine.push(tag.line);
      this.defKind.push(this.internKind(tag.kind));
    }
    const counts = new Map<number, number>();
    for (const ref of tags.references) {
      const ident = this.intern(ref.name);
      counts.set(ident, (counts.get(ident) ?? 0) + ref.count);
    }
    for (const [ident, count] of counts) {
      this.refFile.push(file);
      this.refIdent.push(ident);
      this.refCount.push(count);
    }
  }

  fileId(relPath: string): number | undefined {
    return this.fileIds.get(relPath);
  }

  identId(name: string): number | undefined {
    return this.identIds.get(name);
  }

  /** Index range of a file's definitions in the def* vectors. */
  definitionRange(file: number): [number, number] {
    const start = this.defStarts.get(file);
    const end = file + 1 < this.files.length ? this.defStarts.get(file + 1) : this.defFile.length;
    return [start, end];
  }

  /** Index range of a file's references in the ref* vectors. */
  referenceRange(file: number): [number, number] {
    const start = this.refStarts.get(file);
    const end = file + 1 < this.files.length ? this.refStarts.get(file + 1) : this.refFile.length;
    return [start, end];
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
    this.defStarts.push(this.defFile.length);
    this.refStarts.push(this.refFile.length);
    const [defStart, defEnd] = source.definitionRange(sourceFile);
    for (let d = defStart; d < defEnd; d++) {
      this.defFile.push(file);
      this.defIdent.push(source.defIdent.get(d));
      this.defLine.push(source.defLine.get(d));
      this.defKind.push(source.defKind.get(d));
    }
    const [refStart, refEnd] = source.referenceRange(sourceFile);
    for (let r = refStart; r < refEnd; r++) {
      this.refFile.push(file);
      this.refIdent.push(source.refIdent.get(r));
      this.refCount.push(source.refCount.get(r));
    }
  }

  /** An empty index that interns names with the same ids as this one (for addFrom). */
  emptyWithSameIds(): TagIndex {
    const index = new TagIndex();
    for (const name of this.idents) index.intern(name);
    for (const kind of this.kinds) index.internKind(kind);
    return index;
  }

  /** A compact binary form: names as NUL-joined text, every vector as raw Int32 data. */
  serialize(): Buffer {
    const text = Buffer.from(JSON.stringify({ files: this.files, kinds: this.kinds, idents: this.idents.join('\0') }));
    const vectors = [this.defFile, this.defIdent, this.defLine, this.defKind, this.refFile, this.refIdent, this.refCount, this.defStarts, this.refStarts];
    const header = Buffer.alloc(4 + 4 * vectors.length);
    header.writeUInt32LE(text.length, 0);
    vectors.forEach((vector, i) => header.writeUInt32LE(vector.length, 4 + 4 * i));
    const parts = [header, text, ...vectors.map((vector) => Buffer.from(vector.view().buffer, vector.view().byteOffset, vector.length * 4))];
    return Buffer.concat(parts);
  }

  static deserialize(data: Buffer): TagIndex {
    const textLength = data.readUInt32LE(0);
    const lengths = Array.from({ length: 9 }, (_, i) => data.readUInt32LE(4 + 4 * i));
    let offset = 4 + 4 * lengths.length;
    const { files, kinds, idents } = JSON.parse(data.subarray(offset, offset + textLength).toString()) as {
      files: string[];
      kinds: string[];
      idents: string;
    };
    offset += textLength;
    const index = new TagIndex();
    files.forEach((relPath, file) => {
      index.files.push(relPath);
      index.fileIds.set(relPath, file);
    });
    if (idents.length > 0) for (const name of idents.split('\0')) index.intern(name);
    for (const kind of kinds) index.internKind(kind);
    const vectors = [index.defFile, index.defIdent, index.defLine, index.defKind, index.refFile, index.refIdent, index.refCount, index.defStarts, index.refStarts];
    vectors.forEach((vector, i) => {
      const bytes = lengths[i]! * 4;
      // Copy: the Buffer's memory may be unaligned for an Int32Array view.
      const copy = new Uint8Array(bytes);
      copy.set(data.subarray(offset, offset + bytes));
      vector.load(new Int32Array(copy.buffer));
      offset += bytes;
    });
    return index;
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

  intern(name: string): number {
    let id = this.identIds.get(name);
    if (id === undefined) {
      id = this.idents.length;
      this.idents.push(name);
      this.identIds.set(name, id);
    }
    return id;
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
