/**
 * Interns identifier names compactly: every name's UTF-16 code units in one growing pool, and an
 * open-addressing hash table of ids. The Linux kernel has 2.3M distinct names; as JS strings in a
 * Map they took ~200 MB, here ~80 MB, and the whole table serializes as a few raw arrays.
 */

const EMPTY = -1;
const INITIAL_CAPACITY = 1 << 12;

/** FNV-1a over UTF-16 code units. */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The same hash over code units already in the pool. */
function hashUnits(units: Uint16Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ units[i]!, 0x01000193);
  return hash >>> 0;
}

export class IdentTable {
  private pool: Uint16Array = new Uint16Array(1 << 16);
  private poolLength = 0;
  /** starts[id] .. starts[id + 1] is the name of id in the pool. */
  private starts: Int32Array = new Int32Array(1 << 10);
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
    // Keep the load factor under one half.
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    return id;
  }

  name(id: number): string {
    const start = this.starts[id]!;
    const end = this.starts[id + 1]!;
    let name = '';
    // Chunked: String.fromCharCode takes its code units as arguments.
    for (let i = start; i < end; i += 8192) name += String.fromCharCode(...this.pool.subarray(i, Math.min(end, i + 8192)));
    return name;
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
  toArrays(): { pool: Uint16Array; starts: Int32Array; slots: Int32Array } {
    return { pool: this.pool.subarray(0, this.poolLength), starts: this.starts.subarray(0, this.count + 1), slots: this.slots };
  }

  static fromArrays({ pool, starts, slots }: { pool: Uint16Array; starts: Int32Array; slots: Int32Array }): IdentTable {
    const table = new IdentTable();
    table.pool = pool.length > 0 ? pool : new Uint16Array(1 << 16);
    table.poolLength = pool.length;
    table.starts = starts.length > 0 ? starts : new Int32Array(1 << 10);
    table.count = Math.max(0, starts.length - 1);
    table.slots = slots.length > 0 ? slots : new Int32Array(INITIAL_CAPACITY).fill(EMPTY);
    return table;
  }

  private equals(id: number, name: string): boolean {
    const start = this.starts[id]!;
    if (this.starts[id + 1]! - start !== name.length) return false;
    for (let i = 0; i < name.length; i++) if (this.pool[start + i] !== name.charCodeAt(i)) return false;
    return true;
  }

  private append(name: string): void {
    if (this.poolLength + name.length > this.pool.length) {
      const grown = new Uint16Array(Math.max(this.pool.length * 1.5, this.poolLength + name.length) | 0);
      grown.set(this.pool.subarray(0, this.poolLength));
      this.pool = grown;
    }
    for (let i = 0; i < name.length; i++) this.pool[this.poolLength + i] = name.charCodeAt(i);
    this.poolLength += name.length;
    // The new id is count - 1; its name ends where the pool now ends.
    if (this.count >= this.starts.length) {
      const grown = new Int32Array(Math.ceil(this.starts.length * 1.5) + 1);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count] = this.poolLength;
  }

  private rehash(capacity: number): void {
    const slots = new Int32Array(capacity).fill(EMPTY);
    const mask = capacity - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = hashUnits(this.pool, this.starts[id]!, this.starts[id + 1]!) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}
