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
  /** defs of file f: [defStart[f], defStart[f + 1]) once the file is added. */
  private readonly defStarts = new IntVector();

  get fileCount(): number {
    return this.files.length;
  }

  add(tags: FileTags): void {
    if (this.fileIds.has(tags.relPath)) throw new Error(`${tags.relPath}: tags added twice`);
    const file = this.files.length;
    this.files.push(tags.relPath);
    this.fileIds.set(tags.relPath, file);
    this.defStarts.push(this.defFile.length);
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

  private intern(name: string): number {
    let id = this.identIds.get(name);
    if (id === undefined) {
      id = this.idents.length;
      this.idents.push(name);
      this.identIds.set(name, id);
    }
    return id;
  }

  private internKind(kind: string): number {
    let id = this.kindIds.get(kind);
    if (id === undefined) {
      id = this.kinds.length;
      this.kinds.push(kind);
      this.kindIds.set(kind, id);
    }
    return id;
  }
}
