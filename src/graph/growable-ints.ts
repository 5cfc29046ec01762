/**
 * Int32 and byte arrays that grow and shrink in place: backed by a resizable ArrayBuffer (ES2024, in
 * Node 20), which reserves address space up front and uses memory only for the pages written.
 * Growing by copying into a larger array left the old one as garbage until V8 collected it, and
 * trimming the spare capacity copied every array once more: on the kernel's index (~250 MB of
 * arrays) that garbage, not the live data, set the build's peak RSS.
 */

/** ES2024's resizable ArrayBuffer: not in the ES2023 library this project compiles against. */
interface ResizableArrayBuffer extends ArrayBuffer {
  readonly resizable: boolean;
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}

const ResizableBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

/** The typed arrays kept growable here. */
type GrowableArray = Int32Array | Uint8Array;

interface GrowableKind<T extends GrowableArray> {
  new (buffer: ArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * Address space reserved per array: 256 MB (the kernel's largest vector holds ~3.4M entries,
 * its name pool ~50 MB); untouched pages cost no memory, and a longer array moves to a larger
 * reservation.
 */
const RESERVED_BYTES = 2 ** 28;

function growable<T extends GrowableArray>(kind: GrowableKind<T>, length: number): T {
  const bytes = length * kind.BYTES_PER_ELEMENT;
  return new kind(new ResizableBuffer(bytes, { maxByteLength: Math.max(RESERVED_BYTES, bytes) }));
}

/** A length-tracking Int32Array of `length` zeros over a resizable buffer. */
export function growableInts(length: number): Int32Array {
  return growable(Int32Array, length);
}

/** A length-tracking Uint8Array of `length` zeros over a resizable buffer. */
export function growableBytes(length: number): Uint8Array {
  return growable(Uint8Array, length);
}

const kindOf = <T extends GrowableArray>(array: T): GrowableKind<T> => array.constructor as GrowableKind<T>;

/**
 * `array` with room for at least `capacity` entries (grown ×1.5): the same array grown in
 * place when it can be, else a growable copy of its first `keep` entries.
 */
export function ensureCapacity<T extends GrowableArray>(array: T, capacity: number, keep: number): T {
  if (capacity <= array.length) return array;
  const wanted = Math.max(Math.ceil(array.length * 1.5), capacity);
  const buffer = array.buffer as ResizableArrayBuffer;
  const bytes = wanted * array.BYTES_PER_ELEMENT;
  if (buffer.resizable && array.byteOffset === 0 && bytes <= buffer.maxByteLength) {
    buffer.resize(bytes);
    return array;
  }
  const grown = growable(kindOf(array), wanted);
  grown.set(array.subarray(0, keep));
  return grown;
}

/** `array` cut to `length` entries (at least one): in place when it can be (freeing the rest), else a copy. */
export function shrinkTo<T extends GrowableArray>(array: T, length: number): T {
  const size = Math.max(length, 1);
  if (array.length <= size) return array;
  const buffer = array.buffer as ResizableArrayBuffer;
  if (buffer.resizable && array.byteOffset === 0) {
    buffer.resize(size * array.BYTES_PER_ELEMENT);
    return array;
  }
  return array.slice(0, size) as T;
}
