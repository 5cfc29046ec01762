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
  /** Language of each file of the index, when known (a live session's index; not stored on disk). */
  languages?: ReadonlyMap<string, string>;
}

/** The snapshot as parts (no part is a copy of the index's arrays), stored one row each. */
export function encodeSnapshot(index: TagIndex, keys: ReadonlyMap<string, string>): Buffer[] {
  return [Buffer.from(JSON.stringify(index.files.map((relPath) => keys.get(relPath) ?? ''))), ...index.serializeParts()];
}

export function decodeSnapshot(parts: readonly Buffer[]): IndexSnapshot | undefined {
  try {
    const [header, ...rest] = parts;
    const fileKeys = JSON.parse(header!.toString()) as string[];
    const index = TagIndex.deserializeParts(rest);
    if (fileKeys.length !== index.files.length) return undefined;
    return { index, keys: new Map(index.files.map((relPath, file) => [relPath, fileKeys[file]!])) };
  } catch {
    return undefined;
  }
}
