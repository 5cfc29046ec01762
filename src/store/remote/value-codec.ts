/**
 * The bytes of a remote value: a one-byte layout version, a CRC-32 over the key and the body,
 * then the body compressed with raw deflate. The key is part of the checksum, so a value copied
 * under another key fails it as surely as a damaged one. decodeValue never throws: anything
 * that does not check out is undefined, and the caller counts it and parses instead.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

const LAYOUT_VERSION = 1;
const HEADER_BYTES = 5;
/**
 * Deflate level 6 (zlib's default): on the Go stdlib's tags it stores ~4× less than JSON; higher
 * levels gain little on ~1 KB values and cost CPU on every write.
 */
const DEFLATE_LEVEL = 6;
/** A decoded value larger than this is refused (a garbage value must not exhaust memory). */
const MAX_DECODED_BYTES = 64 * 1024 * 1024;

function checksum(key: string, body: Uint8Array): number {
  return crc32(body, crc32(key));
}

export function encodeValue(key: string, payload: string | Uint8Array): Buffer {
  const body = deflateRawSync(payload, { level: DEFLATE_LEVEL });
  const value = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  value[0] = LAYOUT_VERSION;
  value.writeUInt32BE(checksum(key, body), 1);
  body.copy(value, HEADER_BYTES);
  return value;
}

/** The payload as text, or undefined when the value is damaged, foreign or of another layout. */
export function decodeValue(key: string, value: Uint8Array): string | undefined {
  if (value.length < HEADER_BYTES || value[0] !== LAYOUT_VERSION) return undefined;
  const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const body = bytes.subarray(HEADER_BYTES);
  if (bytes.readUInt32BE(1) !== checksum(key, body)) return undefined;
  try {
    return inflateRawSync(body, { maxOutputLength: MAX_DECODED_BYTES }).toString('utf8');
  } catch {
    return undefined;
  }
}
