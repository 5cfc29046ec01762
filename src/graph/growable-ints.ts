/**
 * Int32 arrays that grow and shrink in place: backed by a resizable ArrayBuffer (ES2024, in
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

/**
 * Address space reserved per array: 64M entries (the kernel's largest vector holds ~3.4M);
 * untouched pages cost no memory, and a longer array moves to a larger reservation.
 */
const RESERVED_BYTES = 2 ** 28;

/** A length-tracking Int32Array of `length` zeros over a resizable buffer. */
export function growableInts(length: number): Int32Array {
  return new Int32Array(new ResizableBuffer(length * 4, { maxByteLength: Math.max(RESERVED_BYTES, length * 4) }));
}

/**
 * `array` with room for at least `capacity` entries (grown ×1.5): the same array grown in
 * place when it can be, else a growable copy of its first `keep` entries.
 */
export function ensureCapacity(array: Int32Array, capacity: number, keep: number): Int32Array {
  if (capacity <= array.length) return array;
  const wanted = Math.max(Math.ceil(array.length * 1.5), capacity);
  const buffer = array.buffer as ResizableArrayBuffer;
  if (buffer.resizable && array.byteOffset === 0 && wanted * 4 <= buffer.maxByteLength) {
    buffer.resize(wanted * 4);
    return array;
  }
  const grown = growableInts(wanted);
  grown.set(array.subarray(0, keep));
  return grown;
}

/** `array` cut to `length` entries (at least one): in place when it can be (freeing the rest), else a copy. */
export function shrinkTo(array: Int32Array, length: number): Int32Array {
  const size = Math.max(length, 1);
  if (array.length <= size) return array;
  const buffer = array.buffer as ResizableArrayBuffer;
  if (buffer.resizable && array.byteOffset === 0) {
    buffer.resize(size * 4);
    return array;
  }
  return array.slice(0, size);
}
