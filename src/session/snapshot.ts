/**
 * The tag index of a build, kept on disk so the next build after a small change copies every
 * unchanged file's entries instead of decoding every tag row again (SPEC B2; decoding all rows
 * took seconds on the Linux kernel). Each file's entry is valid for one tag key (content hash and
 * language fingerprint): a file whose key differs is re-tagged.
 */
import { TagIndex } from '../graph/tag-index.js';

export interface IndexSnapshot {
  index: TagIndex;
  /** Tag key of each file of the index, by path. */
  keys: Map<string, string>;
}

export function encodeSnapshot(index: TagIndex, keys: ReadonlyMap<string, string>): Buffer {
  const header = Buffer.from(JSON.stringify(index.files.map((relPath) => keys.get(relPath) ?? '')));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  return Buffer.concat([length, header, index.serialize()]);
}

export function decodeSnapshot(data: Buffer): IndexSnapshot | undefined {
  try {
    const headerLength = data.readUInt32LE(0);
    const fileKeys = JSON.parse(data.subarray(4, 4 + headerLength).toString()) as string[];
    const index = TagIndex.deserialize(data.subarray(4 + headerLength));
    if (fileKeys.length !== index.files.length) return undefined;
    return { index, keys: new Map(index.files.map((relPath, file) => [relPath, fileKeys[file]!])) };
  } catch {
    return undefined;
  }
}
