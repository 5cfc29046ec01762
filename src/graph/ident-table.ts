/**
 * Interns identifier names compactly: names in one growing byte pool (one byte per character:
 * identifiers are almost always Latin-1), and an open-addressing hash table of ids. The Linux
 * kernel has 2.3M distinct names; as JS strings in a Map they took ~200 MB, here ~70 MB, and the
 * whole table serializes as a few raw arrays. A name with a character above U+00FF is stored as
 * its UTF-16 code units behind a marker byte, so any name round-trips.
 */

import { ensureCapacity, growableBytes, growableInts } from './growable-ints.js';

const EMPTY = -1;
const INITIAL_CAPACITY = 1 << 12;
/**
 * The table doubles when it would be fuller than this. Linear probing stays short up to here,
 * and a smaller table is kinder to the cache: interning 1.5M names of the kernel (600k distinct)
 * took ~460 ms at 0.57 full against ~510 ms at 0.29. At one half, the kernel's 2.3M names took
 * 8M slots (32 MB); at 5/8 they fit 4M (16 MB).
 */
const MAX_LOAD = 5 / 8;

/** FNV-1a over UTF-16 code units. */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Marks a pool entry holding UTF-16 code units (two bytes each, little-endian). */
const WIDE = 0xff;

function isNarrow(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) > 0xfe) return false;
  return true;
}

export class IdentTable {
  /** Grows in place (see growable-ints.ts): a copy left the old pool, ~33 MB on the kernel, as garbage beside the new one. */
  private pool: Uint8Array = growableBytes(1 << 16);
  private poolLength = 0;
  /** starts[id] .. starts[id + 1] is the name of id in the pool. */
  private starts: Int32Array = growableInts(1 << 10);
  private slots: Int32Array = new Int32Array(INITIAL_CAPACITY).fill(EMPTY);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The id of a name, if it has one. */
  get(name: string): number | undefined {
    const mask = this.slots.length - 1;
    for (let slot = hashName(name) & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]!;
      if (id === EMPTY) return undefined;
      if (this.equals(id, name)) return id;
    }
  }

  /** The id of a name, giving it the next id when it is new. */
  intern(name: string): number {
    const mask = this.slots.length - 1;
    let slot = hashName(name) & mask;
    for (; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]!;
      if (id === EMPTY) break;
      if (this.equals(id, name)) return id;
    }
    const id = this.count++;
    this.append(name);
    this.slots[slot] = id;
    if (this.count > this.slots.length * MAX_LOAD) this.rehash(this.slots.length * 2);
    return id;
  }

  name(id: number): string {
    const start = this.starts[id]!;
    const end = this.starts[id + 1]!;
    if (end > start && this.pool[start] === WIDE) {
      let name = '';
      for (let i = start + 1; i + 1 < end; i += 2) name += String.fromCharCode(this.pool[i]! | (this.pool[i + 1]! << 8));
      return name;
    }
    return latin1(this.pool, start, end);
  }

  /**
   * Reads an id's name without decoding it where it is stored one byte a character: `narrow`
   * gets the pool and the name's byte range, `wide` (the rest) the decoded name.
   */
  readName<T>(id: number, narrow: (pool: Uint8Array, start: number, end: number) => T, wide: (name: string) => T): T {
    const start = this.starts[id]!;
    const end = this.starts[id + 1]!;
    return end > start && this.pool[start] === WIDE ? wide(this.name(id)) : narrow(this.pool, start, end);
  }

  /** The names of many ids at once: one native decode of the pool, then slices. */
  names(ids: ArrayLike<number>): string[] {
    const text = Buffer.from(this.pool.buffer, this.pool.byteOffset, this.poolLength).toString('latin1');
    return Array.from(ids, (id) => {
      const start = this.starts[id]!;
      const end = this.starts[id + 1]!;
      return end > start && this.pool[start] === WIDE ? this.name(id) : text.slice(start, end);
    });
  }

  clone(): IdentTable {
    const copy = new IdentTable();
    copy.pool = this.pool.slice();
    copy.poolLength = this.poolLength;
    copy.starts = this.starts.slice();
    copy.slots = this.slots.slice();
    copy.count = this.count;
    return copy;
  }

  /** Raw arrays for serialization: the pool, the starts and the hash slots. */
  toArrays(): { pool: Uint8Array; starts: Int32Array; slots: Int32Array } {
    return { pool: this.pool.subarray(0, this.poolLength), starts: this.starts.subarray(0, this.count + 1), slots: this.slots };
  }

  static fromArrays({ pool, starts, slots }: { pool: Uint8Array; starts: Int32Array; slots: Int32Array }): IdentTable {
    const table = new IdentTable();
    table.pool = pool.length > 0 ? pool : growableBytes(1 << 16);
    table.poolLength = pool.length;
    table.starts = starts.length > 0 ? starts : growableInts(1 << 10);
    table.count = Math.max(0, starts.length - 1);
    table.slots = slots.length > 0 ? slots : new Int32Array(INITIAL_CAPACITY).fill(EMPTY);
    return table;
  }

  private equals(id: number, name: string): boolean {
    const start = this.starts[id]!;
    const length = this.starts[id + 1]! - start;
    if (length === name.length && (length === 0 || this.pool[start] !== WIDE)) {
      for (let i = 0; i < length; i++) if (this.pool[start + i] !== name.charCodeAt(i)) return false;
      return true;
    }
    if (length !== 1 + 2 * name.length || this.pool[start] !== WIDE) return false;
    for (let i = 0; i < name.length; i++) {
      const unit = this.pool[start + 1 + 2 * i]! | (this.pool[start + 2 + 2 * i]! << 8);
      if (unit !== name.charCodeAt(i)) return false;
    }
    return true;
  }

  private append(name: string): void {
    const narrow = isNarrow(name);
    const bytes = narrow ? name.length : 1 + 2 * name.length;
    if (this.poolLength + bytes > this.pool.length) this.pool = ensureCapacity(this.pool, this.poolLength + bytes, this.poolLength);
    if (narrow) {
      for (let i = 0; i < name.length; i++) this.pool[this.poolLength + i] = name.charCodeAt(i);
    } else {
      this.pool[this.poolLength] = WIDE;
      for (let i = 0; i < name.length; i++) {
        const unit = name.charCodeAt(i);
        this.pool[this.poolLength + 1 + 2 * i] = unit & 0xff;
        this.pool[this.poolLength + 2 + 2 * i] = unit >> 8;
      }
    }
    this.poolLength += bytes;
    // The new id is count - 1; its name ends where the pool now ends.
    if (this.count >= this.starts.length) this.starts = ensureCapacity(this.starts, this.count + 1, this.count);
    this.starts[this.count] = this.poolLength;
  }

  /** hashName of an id's name, read from the pool without decoding it (a rehash decoded every name: 2.3M strings on the kernel). */
  private hashOf(id: number): number {
    const start = this.starts[id]!;
    const end = this.starts[id + 1]!;
    let hash = 0x811c9dc5;
    if (end > start && this.pool[start] === WIDE) {
      for (let i = start + 1; i + 1 < end; i += 2) hash = Math.imul(hash ^ (this.pool[i]! | (this.pool[i + 1]! << 8)), 0x01000193);
    } else {
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ this.pool[i]!, 0x01000193);
    }
    return hash >>> 0;
  }

  private rehash(capacity: number): void {
    const slots = new Int32Array(capacity).fill(EMPTY);
    const mask = capacity - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.hashOf(id) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

/** Decodes one-byte characters (natively, through a Buffer view of the pool). */
function latin1(pool: Uint8Array, start: number, end: number): string {
  return Buffer.from(pool.buffer, pool.byteOffset + start, end - start).toString('latin1');
}
