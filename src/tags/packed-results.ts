/**
 * A batch of tag results as a worker posts it: every number in one Int32Array and every name
 * once, in one UTF-8 buffer, both transferred (moved, not copied) to the main thread.
 *
 * Posting the results as objects made V8's serializer write each tag's strings into a buffer it
 * grows by reallocation, and walk an identity map of every object: on the Linux kernel ~550 MB
 * of blocks over 128 KB went through the workers' malloc arenas that way, which keep the memory
 * resident after it is freed, and the main thread rebuilt ~13M objects from the bytes.
 */
import type { FileTags, InternedEntries, NameInterner, ReferenceCount, Tag, TagSource } from '../types.js';
import { packScopes } from './record-scopes.js';
import type { TagFileResult } from './tag-file.js';

/** A result as posted: a tags result carries its counts, its tags are in the batch's arrays. */
export type PackedResult =
  | Exclude<TagFileResult, { type: 'tags' }>
  | {
      type: 'tags';
      hash: string;
      relPath: string;
      language: string;
      backfilled: boolean;
      definitions: number;
      references: number;
      scopes: number;
    };

export interface PackedBatch {
  results: PackedResult[];
  /** The names' lengths (UTF-16 code units) in table order, then per tags result: its definitions as (name, kind, line, column), its references as (name, kind, line, column, count), its scope record. */
  ints: ArrayBuffer;
  /** The names in table order, joined, in UTF-8. */
  text: ArrayBuffer;
  /** How many names the table holds. */
  names: number;
}

const INTS_PER_DEFINITION = 4;
const INTS_PER_REFERENCE = 5;

/** Reused by every batch of the thread: only the packed copy is allocated per batch. */
let scratch = new Int32Array(1 << 16);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Packs a batch's results as they come: each file's tags become numbers and names once it is tagged. */
export class ResultPacker {
  private readonly ids = new Map<string, number>();
  private readonly table: string[] = [];
  private readonly body: number[] = [];
  private readonly results: PackedResult[] = [];

  add(result: TagFileResult): void {
    if (result.type !== 'tags') {
      this.results.push(result);
      return;
    }
    const { tags, hash } = result;
    const body = this.body;
    for (const tag of tags.definitions) body.push(this.idOf(tag.name), this.idOf(tag.kind), tag.line, tag.column);
    for (const ref of tags.references) body.push(this.idOf(ref.name), this.idOf(ref.kind), ref.line, ref.column, ref.count);
    for (const value of tags.scopes) body.push(value);
    this.results.push({
      type: 'tags',
      hash,
      relPath: tags.relPath,
      language: tags.language,
      backfilled: tags.backfilled,
      definitions: tags.definitions.length,
      references: tags.references.length,
      scopes: tags.scopes.length,
    });
  }

  /** The packed batch; post it with `transfer` as the transfer list. The packer is spent. */
  finish(): { batch: PackedBatch; transfer: ArrayBuffer[] } {
    const { table, body } = this;
    const length = table.length + body.length;
    if (scratch.length < length) scratch = new Int32Array(Math.max(length, scratch.length * 2));
    table.forEach((name, i) => (scratch[i] = name.length));
    scratch.set(body, table.length);
    const ints = scratch.slice(0, length).buffer;
    const text = encoder.encode(table.join('')).buffer as ArrayBuffer;
    return { batch: { results: this.results, ints, text, names: table.length }, transfer: [ints, text] };
  }

  private idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      this.ids.set(name, (id = this.table.length));
      this.table.push(name);
    }
    return id;
  }
}

/** A tags result as delivered from a packed batch: its tags read in place. */
export type DeliveredResult = Exclude<TagFileResult, { type: 'tags' }> | { type: 'tags'; tags: PackedTags; hash: string };

/** The names and numbers of one received batch, shared by its files' PackedTags. */
class ReceivedBatch {
  readonly names: string[];
  readonly ints: Int32Array;
  /** Ids the interner gave the names used so far as identifiers and as kinds (-1: not yet). */
  private ids?: { interner: NameInterner; idents: Int32Array; kinds: Int32Array };

  constructor(batch: PackedBatch) {
    this.ints = new Int32Array(batch.ints);
    const joined = decoder.decode(new Uint8Array(batch.text));
    this.names = new Array<string>(batch.names);
    let offset = 0;
    for (let i = 0; i < batch.names; i++) {
      this.names[i] = joined.slice(offset, offset + this.ints[i]!);
      offset += this.ints[i]!;
    }
  }

  idsIn(interner: NameInterner): { idents: Int32Array; kinds: Int32Array } {
    if (this.ids?.interner !== interner) this.ids = { interner, idents: new Int32Array(this.names.length).fill(-1), kinds: new Int32Array(this.names.length).fill(-1) };
    return this.ids;
  }
}

/**
 * One file's tags in a received batch, read where they lie: as entries for an index (each name
 * of the batch interned once), or made into a FileTags where a caller needs the objects.
 */
export class PackedTags implements TagSource {
  constructor(
    private readonly batch: ReceivedBatch,
    readonly relPath: string,
    readonly language: string,
    readonly backfilled: boolean,
    /** Where the file's definitions start in the batch's numbers. */
    private readonly at: number,
    readonly definitionCount: number,
    readonly referenceCount: number,
    private readonly scopeCount: number,
  ) {}

  private get referencesAt(): number {
    return this.at + this.definitionCount * INTS_PER_DEFINITION;
  }

  private get scopesAt(): number {
    return this.referencesAt + this.referenceCount * INTS_PER_REFERENCE;
  }

  /** The file's entries as ids `interner` gives their names (each name of the batch asked once). */
  entries(interner: NameInterner): InternedEntries {
    const { ints, names } = this.batch;
    const { idents, kinds } = this.batch.idsIn(interner);
    const ident = (name: number): number => {
      let id = idents[name]!;
      if (id < 0) idents[name] = id = interner.intern(names[name]!);
      return id;
    };
    const defs = this.at;
    const refs = this.referencesAt;
    return {
      definitions: this.definitionCount,
      definition: (i, into) => {
        const at = defs + i * INTS_PER_DEFINITION;
        into[0] = ident(ints[at]!);
        into[1] = ints[at + 2]!;
        const kind = ints[at + 1]!;
        let kindId = kinds[kind]!;
        if (kindId < 0) kinds[kind] = kindId = interner.internKind(names[kind]!);
        into[2] = kindId;
      },
      references: this.referenceCount,
      reference: (i, into) => {
        const at = refs + i * INTS_PER_REFERENCE;
        into[0] = ident(ints[at]!);
        into[1] = ints[at + 4]!;
      },
    };
  }

  /** The scope record, in the smallest typed array that holds it (packScopes). */
  packedScopes(): Uint16Array | Uint32Array {
    return packScopes(this.scopeValues());
  }

  forEachDefinition(visit: (name: string, kind: string, line: number, column: number) => void): void {
    const { ints, names } = this.batch;
    for (let i = 0, at = this.at; i < this.definitionCount; i++, at += INTS_PER_DEFINITION) visit(names[ints[at]!]!, names[ints[at + 1]!]!, ints[at + 2]!, ints[at + 3]!);
  }

  forEachReference(visit: (name: string, kind: string, line: number, column: number, count: number) => void): void {
    const { ints, names } = this.batch;
    for (let i = 0, at = this.referencesAt; i < this.referenceCount; i++, at += INTS_PER_REFERENCE) {
      visit(names[ints[at]!]!, names[ints[at + 1]!]!, ints[at + 2]!, ints[at + 3]!, ints[at + 4]!);
    }
  }

  /** The scope record, a view of the batch's numbers. */
  scopeValues(): Int32Array {
    return this.batch.ints.subarray(this.scopesAt, this.scopesAt + this.scopeCount);
  }

  toFileTags(): FileTags {
    const { relPath } = this;
    const definitions: Tag[] = [];
    this.forEachDefinition((name, kind, line, column) => definitions.push({ relPath, line, column, name, role: 'definition', kind }));
    const references: ReferenceCount[] = [];
    this.forEachReference((name, kind, line, column, count) => references.push({ name, kind, line, column, count }));
    return { relPath, language: this.language, definitions, references, backfilled: this.backfilled, scopes: Array.from(this.scopeValues()) };
  }

  /** Printed or logged, the tags read as FileTags. */
  toJSON(): FileTags {
    return this.toFileTags();
  }
}

/** The results of a packed batch, in order. */
export function receiveResults(packed: PackedBatch): DeliveredResult[] {
  const batch = new ReceivedBatch(packed);
  let at = packed.names;
  return packed.results.map((result): DeliveredResult => {
    if (result.type !== 'tags') return result;
    const tags = new PackedTags(batch, result.relPath, result.language, result.backfilled, at, result.definitions, result.references, result.scopes);
    at += result.definitions * INTS_PER_DEFINITION + result.references * INTS_PER_REFERENCE + result.scopes;
    return { type: 'tags', tags, hash: result.hash };
  });
}

/** A result tagged in this thread, delivered in the same form as a worker's. */
export function deliverInThread(result: TagFileResult): DeliveredResult {
  if (result.type !== 'tags') return result;
  const packer = new ResultPacker();
  packer.add(result);
  return receiveResults(packer.finish().batch)[0]!;
}
