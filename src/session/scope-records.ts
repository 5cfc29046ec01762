/**
 * The scope records (SPEC A7) a session keeps for rendering, one per file, in little memory.
 * A map shows a few dozen files, but which ones is known only once every file is ranked, so a
 * cold build holds every file's record until then: the kernel's 55k records are ~1.7M numbers
 * per 3,954 files (7.7 a definition). As one 16-bit typed array each they took ~49 MB of the
 * main thread's malloc heap plus a JS object and a backing store per file; here each is a run of
 * bytes in shared chunks (~26 MB), decoded again only for the files a map shows.
 *
 * Encoding: a record's byte length, then each number as a zigzag varint of its difference from
 * what the record's layout predicts (a row from the previous row, a signature end from its row,
 * a scope's start from the previous start, a header's end from its start). The prediction uses
 * only numbers already decoded, so any sequence of integers round-trips, well-formed or not.
 */

/** Bytes per chunk; a record longer than this gets a chunk of its own. */
const CHUNK_BYTES = 1 << 18;
/** Chunks are addressed as chunk * CHUNK_SPAN + offset in one small integer per file. */
const CHUNK_SPAN = 1 << 20;
/** Garbage (records replaced or deleted) is dropped once it exceeds the live bytes by this much. */
const COMPACT_SLACK_BYTES = 4 * CHUNK_BYTES;

/** Where a record's layout is: a group's row, its signature end, its scope count, or a pair's start or end. */
const enum Slot {
  Row,
  End,
  Count,
  Start,
  HeaderEnd,
}

/** Walks a record's layout, giving each number's predicted value from the numbers before it. */
class Predictor {
  private slot = Slot.Row;
  private row = 0;
  private start = 0;
  private pairsLeft = 0;

  predict(): number {
    switch (this.slot) {
      case Slot.Row:
        return this.row;
      case Slot.End:
        return this.row;
      case Slot.Count:
        return 0;
      case Slot.Start:
        return this.start;
      case Slot.HeaderEnd:
        return this.start;
    }
  }

  /** Takes the actual value of the number predicted last. */
  advance(value: number): void {
    switch (this.slot) {
      case Slot.Row:
        this.row = value;
        this.slot = Slot.End;
        return;
      case Slot.End:
        this.slot = Slot.Count;
        return;
      case Slot.Count:
        this.pairsLeft = value;
        this.slot = value > 0 ? Slot.Start : Slot.Row;
        return;
      case Slot.Start:
        this.start = value;
        this.slot = Slot.HeaderEnd;
        return;
      case Slot.HeaderEnd:
        this.slot = --this.pairsLeft > 0 ? Slot.Start : Slot.Row;
        return;
    }
  }
}

const zigzag = (delta: number): number => (delta >= 0 ? 2 * delta : -2 * delta - 1);
const unzigzag = (code: number): number => (code % 2 === 0 ? code / 2 : -(code + 1) / 2);

/** Largest magnitude a record's number may have (its zigzag code then takes at most 6 bytes). */
const MAX_MAGNITUDE = 2 ** 40;
const MAX_VARINT_BYTES = 6;

function varintLength(code: number): number {
  let length = 1;
  for (; code >= 0x80; length++) code = Math.floor(code / 0x80);
  return length;
}

function writeVarint(bytes: Uint8Array, at: number, code: number): number {
  for (; code >= 0x80; code = Math.floor(code / 0x80)) bytes[at++] = (code % 0x80) | 0x80;
  bytes[at++] = code;
  return at;
}

/** Reads the varint at `at`: its value, and in `next.at` where the following one starts. */
function readVarint(bytes: Uint8Array, next: { at: number }): number {
  let code = 0;
  for (let scale = 1; ; scale *= 0x80) {
    const byte = bytes[next.at++]!;
    code += (byte & 0x7f) * scale;
    if (byte < 0x80) return code;
  }
}

/** Scratch space for encoding, grown to the largest record seen. */
let scratch = new Uint8Array(1 << 12);

/** Encodes a record into scratch; returns the encoded length. */
function encode(record: ArrayLike<number>): number {
  if (record.length * MAX_VARINT_BYTES > scratch.length) scratch = new Uint8Array(record.length * MAX_VARINT_BYTES);
  const predictor = new Predictor();
  let at = 0;
  for (let i = 0; i < record.length; i++) {
    const value = record[i]!;
    if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_MAGNITUDE) throw new RangeError(`a scope record holds ${value}, not a row number`);
    at = writeVarint(scratch, at, zigzag(value - predictor.predict()));
    predictor.advance(value);
  }
  return at;
}

function decode(bytes: Uint8Array, start: number, end: number): number[] {
  const record: number[] = [];
  const predictor = new Predictor();
  const next = { at: start };
  while (next.at < end) {
    const value = predictor.predict() + unzigzag(readVarint(bytes, next));
    predictor.advance(value);
    record.push(value);
  }
  return record;
}

/** Where a stored record's bytes are. */
interface Located {
  bytes: Uint8Array;
  /** Where its length prefix starts. */
  entry: number;
  start: number;
  end: number;
}

export class ScopeRecords {
  private chunks: Uint8Array[] = [];
  /** Bytes used of the last chunk. */
  private used = 0;
  /** File → chunk * CHUNK_SPAN + offset of its record's length prefix (a small integer while records take under 256 MB). */
  private at = new Map<string, number>();
  private liveBytes = 0;
  private storedBytes = 0;

  get size(): number {
    return this.at.size;
  }

  /** Bytes held for records, including replaced ones not yet dropped. */
  get byteLength(): number {
    return this.storedBytes;
  }

  has(relPath: string): boolean {
    return this.at.has(relPath);
  }

  set(relPath: string, record: ArrayLike<number>): void {
    const length = encode(record);
    this.store(relPath, scratch.subarray(0, length));
    this.compactIfWasteful();
  }

  get(relPath: string): number[] | undefined {
    const place = this.at.get(relPath);
    if (place === undefined) return undefined;
    const { bytes, start, end } = this.locate(place);
    return decode(bytes, start, end);
  }

  delete(relPath: string): void {
    const place = this.at.get(relPath);
    if (place === undefined) return;
    const { entry, end } = this.locate(place);
    this.liveBytes -= end - entry;
    this.at.delete(relPath);
  }

  /** Takes every record of `other` (replacing this one's for the same files); `other` is left empty. */
  absorb(other: ScopeRecords): void {
    if (this.at.size === 0) {
      // The first index of a session: its records become these, without a copy.
      [this.chunks, this.used, this.at, this.liveBytes, this.storedBytes] = [other.chunks, other.used, other.at, other.liveBytes, other.storedBytes];
    } else {
      for (const [relPath, place] of other.at) {
        const { bytes, start, end } = other.locate(place);
        this.store(relPath, bytes.subarray(start, end));
      }
      this.compactIfWasteful();
    }
    other.chunks = [];
    other.used = 0;
    other.at = new Map();
    other.liveBytes = other.storedBytes = 0;
  }

  private store(relPath: string, body: Uint8Array): void {
    this.delete(relPath);
    const entryBytes = varintLength(body.length) + body.length;
    if (this.chunks.length === 0 || entryBytes > this.chunks.at(-1)!.length - this.used) {
      // A record longer than a chunk gets one of its own, full at once.
      this.chunks.push(new Uint8Array(Math.max(CHUNK_BYTES, entryBytes)));
      this.used = 0;
    }
    const chunk = this.chunks.length - 1;
    const bytes = this.chunks[chunk]!;
    const offset = this.used;
    bytes.set(body, writeVarint(bytes, offset, body.length));
    this.used = offset + entryBytes;
    this.at.set(relPath, chunk * CHUNK_SPAN + offset);
    this.liveBytes += entryBytes;
    this.storedBytes += entryBytes;
  }

  private locate(place: number, chunks = this.chunks): Located {
    const bytes = chunks[Math.floor(place / CHUNK_SPAN)]!;
    const entry = place % CHUNK_SPAN;
    const next = { at: entry };
    const length = readVarint(bytes, next);
    return { bytes, entry, start: next.at, end: next.at + length };
  }

  /** Rewrites the live records into fresh chunks once replaced ones take more room than they do. */
  private compactIfWasteful(): void {
    if (this.storedBytes - this.liveBytes <= this.liveBytes + COMPACT_SLACK_BYTES) return;
    const old = { chunks: this.chunks, at: this.at };
    this.chunks = [];
    this.used = 0;
    this.at = new Map();
    this.liveBytes = this.storedBytes = 0;
    for (const [relPath, place] of old.at) {
      const { bytes, start, end } = this.locate(place, old.chunks);
      this.store(relPath, bytes.subarray(start, end));
    }
  }
}
