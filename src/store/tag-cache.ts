/**
 * TagCache (SPEC B2): which content each file had when we last saw it, and the tags of each
 * content. A file is fresh when its mtime and size match; when they differ its content is hashed,
 * and an unchanged hash only refreshes the stat fields (a `touch` or a branch switch re-parses
 * nothing). Tags are stored per content hash and language fingerprint, so identical files share
 * one entry. An lru-cache L1 sits in front of the SQLite L2.
 */
import { LRUCache } from 'lru-cache';
import type { FileTags, ScopeRecord, TagSource } from '../types.js';
import { CacheCounters } from './counters.js';
import type { SqliteDatabase } from './database.js';

export interface FileState {
  relPath: string;
  mtimeMs: number;
  size: number;
  hash: string;
  language: string | null;
}

/** Tags as stored: a file's tags without its path (shared by every file with that content). */
export type StoredTags = Omit<FileTags, 'relPath'>;

/**
 * A content whose parse ran past the budget: skipped, while it is unchanged, by every build with
 * a budget no larger (see index-tags.ts for when it is tried again).
 */
export interface ParseTimeout {
  hash: string;
  relPath: string;
  budgetMs: number;
  /** Whether the parsing thread's CPU time passed the budget, or only wall time (absent: remembered before budgets counted CPU time). */
  clock?: 'cpu' | 'wall';
}

/** The meta row holding every ParseTimeout (a few files at most: no table of their own). */
const TIMEOUTS_META_KEY = 'parse_timeouts';

export interface TagKey {
  hash: string;
  fingerprint: string;
}

/**
 * One content's tags as stored. The tags stage's EXTRACTOR_VERSION (part of every tag key's
 * fingerprint) versions this shape: since version 2 it carries `s`, the scope record rendering
 * reads instead of parsing the file again.
 */
interface EncodedTags {
  l: string;
  d: Array<[string, string, number, number]>;
  r: Array<[string, string, number, number, number]>;
  b: 0 | 1;
  s: ScopeRecord;
}

export function encodeTags(tags: StoredTags | FileTags): string {
  return encodeTagSource({
    language: tags.language,
    backfilled: tags.backfilled,
    forEachDefinition: (visit) => tags.definitions.forEach((tag) => visit(tag.name, tag.kind, tag.line, tag.column)),
    forEachReference: (visit) => tags.references.forEach((ref) => visit(ref.name, ref.kind, ref.line, ref.column, ref.count)),
    scopeValues: () => tags.scopes,
  });
}

/**
 * The one writer of EncodedTags (JSON of exactly that shape and key order), reading the tags
 * where they lie: a worker's packed batch encodes without the Tag object, array and copy per
 * tag that going through FileTags made (on the kernel, ~3 objects a tag for ~8M tags, garbage
 * that let the main thread's heap grow by hundreds of MB).
 */
export function encodeTagSource(tags: TagSource): string {
  const parts: string[] = [`{"l":${JSON.stringify(tags.language)},"d":[`];
  let separator = '';
  tags.forEachDefinition((name, kind, line, column) => {
    parts.push(`${separator}[${JSON.stringify(name)},${JSON.stringify(kind)},${line},${column}]`);
    separator = ',';
  });
  parts.push('],"r":[');
  separator = '';
  tags.forEachReference((name, kind, line, column, count) => {
    parts.push(`${separator}[${JSON.stringify(name)},${JSON.stringify(kind)},${line},${column},${count}]`);
    separator = ',';
  });
  parts.push(`],"b":${tags.backfilled ? 1 : 0},"s":[${Array.prototype.join.call(tags.scopeValues(), ',')}]}`);
  return parts.join('');
}

/** A stored row that is not tags of our shape (damaged or written by something else). */
export class UndecodableTagsError extends Error {
  constructor(relPath: string, why: string) {
    super(`the cached tags of ${relPath} cannot be read (${why})`);
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isInteger = (value: unknown): value is number => Number.isInteger(value);

/** The tags of one row; throws UndecodableTagsError for a row of any other shape. */
export function decodeTags(relPath: string, data: string): FileTags {
  let encoded: EncodedTags;
  try {
    encoded = JSON.parse(data) as EncodedTags;
  } catch {
    throw new UndecodableTagsError(relPath, 'not JSON');
  }
  if (typeof encoded !== 'object' || encoded === null || !isString(encoded.l) || !Array.isArray(encoded.d) || !Array.isArray(encoded.r) || !Array.isArray(encoded.s)) {
    throw new UndecodableTagsError(relPath, 'not a tags record');
  }
  const bad = (): never => {
    throw new UndecodableTagsError(relPath, 'a malformed tag');
  };
  const definitions = encoded.d.map((tag) => {
    if (!Array.isArray(tag)) return bad();
    const [name, kind, line, column] = tag;
    if (!isString(name) || !isString(kind) || !isInteger(line) || !isInteger(column)) bad();
    return { relPath, name, kind, line, column, role: 'definition' as const };
  });
  const references = encoded.r.map((tag) => {
    if (!Array.isArray(tag)) return bad();
    const [name, kind, line, column, count] = tag;
    if (!isString(name) || !isString(kind) || !isInteger(line) || !isInteger(column) || !isInteger(count)) bad();
    return { name, kind, line, column, count };
  });
  if (!encoded.s.every(isInteger)) throw new UndecodableTagsError(relPath, 'a malformed scope record');
  return { relPath, language: encoded.l, definitions, references, backfilled: encoded.b === 1, scopes: encoded.s };
}

/** A tag key as one string: how getMany's result is keyed and how the index snapshot records files. */
export const tagKeyString = ({ hash, fingerprint }: TagKey): string => `${hash}:${fingerprint}`;
const keyOf = tagKeyString;

/** The tag key a string of tagKeyString names; undefined for other keys (such as a stat stamp). */
export function parseTagKey(key: string): TagKey | undefined {
  const match = /^([0-9a-f]+):([0-9a-f]+)$/.exec(key);
  return match ? { hash: match[1]!, fingerprint: match[2]! } : undefined;
}

export class TagCache {
  readonly counters = new CacheCounters('tags');
  private readonly l1: LRUCache<string, string>;
  private readonly selectFiles;
  private readonly selectFile;
  private readonly upsertFile;
  private readonly deleteFile;
  private readonly selectTagsByHashes;
  private readonly insertTags;
  private readonly touchTags;
  private readonly deleteTags;
  private readonly anyTags;
  private readonly selectAllTags;
  private readonly selectMeta;
  private readonly upsertMeta;

  constructor(
    private readonly db: SqliteDatabase,
    options: { l1Size: number; now?: () => number },
  ) {
    this.now = options.now ?? Date.now;
    this.l1 = new LRUCache({ max: options.l1Size });
    // Raw rows (arrays): reading the kernel's 55k rows as objects took ~130 ms.
    this.selectFiles = db.prepare('SELECT path, mtime_ms, size, hash, language FROM files').raw(true);
    this.selectFile = db.prepare('SELECT path, mtime_ms, size, hash, language FROM files WHERE path = ?');
    this.upsertFile = db.prepare(
      'INSERT INTO files (path, mtime_ms, size, hash, language) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (path) DO UPDATE SET mtime_ms = excluded.mtime_ms, size = excluded.size, hash = excluded.hash, language = excluded.language',
    );
    this.deleteFile = db.prepare('DELETE FROM files WHERE path = ?');
    this.selectTagsByHashes = db.prepare(
      'SELECT hash, fingerprint, data FROM tags WHERE hash IN (SELECT value FROM json_each(?))',
    );
    this.insertTags = db.prepare(
      'INSERT INTO tags (hash, fingerprint, data, bytes, last_used) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (hash, fingerprint) DO UPDATE SET last_used = excluded.last_used',
    );
    this.touchTags = db.prepare('UPDATE tags SET last_used = ? WHERE hash = ? AND fingerprint = ?');
    this.deleteTags = db.prepare('DELETE FROM tags WHERE hash = ? AND fingerprint = ?');
    this.anyTags = db.prepare('SELECT 1 FROM tags LIMIT 1').pluck();
    this.selectAllTags = db.prepare('SELECT hash, fingerprint, data FROM tags').raw(true);
    this.selectMeta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    this.upsertMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  private readonly now: () => number;

  /** True while no tags are stored at all (a new or cleared cache: nothing to look up). */
  isEmpty(): boolean {
    return this.anyTags.get() === undefined;
  }

  /** Every file row, in one query. */
  fileStates(): Map<string, FileState> {
    const states = new Map<string, FileState>();
    for (const [relPath, mtimeMs, size, hash, language] of this.selectFiles.all() as Array<[string, number, number, string, string | null]>) {
      states.set(relPath, { relPath, mtimeMs, size, hash, language });
    }
    return states;
  }

  fileState(relPath: string): FileState | undefined {
    const row = this.selectFile.get(relPath) as { path: string; mtime_ms: number; size: number; hash: string; language: string | null } | undefined;
    return row && { relPath: row.path, mtimeMs: row.mtime_ms, size: row.size, hash: row.hash, language: row.language };
  }

  /** Records what files look like now, in one short transaction. */
  updateFiles(states: readonly FileState[]): void {
    if (states.length === 0) return;
    this.db.transaction(() => {
      for (const state of states) this.upsertFile.run(state.relPath, state.mtimeMs, state.size, state.hash, state.language);
    })();
  }

  /** Contents known to parse past a budget, by content hash. */
  parseTimeouts(): Map<string, ParseTimeout> {
    const stored = this.selectMeta.get(TIMEOUTS_META_KEY) as string | undefined;
    let timeouts: unknown;
    try {
      timeouts = stored ? JSON.parse(stored) : [];
    } catch {
      timeouts = [];
    }
    // A damaged record only costs the files it named a parse attempt each.
    const valid = Array.isArray(timeouts) ? (timeouts as ParseTimeout[]).filter((timeout) => isString(timeout?.hash) && typeof timeout.budgetMs === 'number') : [];
    return new Map(valid.map((timeout) => [timeout.hash, timeout]));
  }

  recordParseTimeouts(timeouts: readonly ParseTimeout[]): void {
    if (timeouts.length === 0) return;
    const all = this.parseTimeouts();
    for (const timeout of timeouts) all.set(timeout.hash, timeout);
    this.upsertMeta.run(TIMEOUTS_META_KEY, JSON.stringify([...all.values()]));
  }

  /** Deletes entries found undecodable, from memory and disk, so the next put stores good ones. */
  drop(keys: readonly TagKey[]): void {
    this.db.transaction(() => {
      for (const key of keys) {
        this.l1.delete(keyOf(key));
        this.deleteTags.run(key.hash, key.fingerprint);
      }
    })();
  }

  /** Drops an entry from memory after the store evicted it. */
  forget(key: TagKey): void {
    this.l1.delete(keyOf(key));
  }

  /** Forgets a file (it changed or went away): its next lookup hashes it again. */
  invalidate(relPath: string): void {
    this.deleteFile.run(relPath);
  }

  /** The stored tags of each key that has them, in one batched query. */
  getMany(keys: readonly TagKey[]): Map<string, string> {
    const found = new Map<string, string>();
    const missing: TagKey[] = [];
    for (const key of keys) {
      const cached = this.l1.get(keyOf(key));
      if (cached !== undefined) found.set(keyOf(key), cached);
      else missing.push(key);
    }
    const wanted = new Set(missing.map(keyOf));
    const rows =
      missing.length === 0
        ? []
        : (this.selectTagsByHashes.all(JSON.stringify([...new Set(missing.map((key) => key.hash))])) as Array<{
            hash: string;
            fingerprint: string;
            data: string;
          }>);
    for (const row of rows) {
      const key = keyOf(row);
      if (!wanted.has(key)) continue;
      found.set(key, row.data);
      this.l1.set(key, row.data);
    }
    // Every hit, from memory or disk, counts as a use for the on-disk LRU.
    const now = this.now();
    this.db.transaction(() => {
      for (const key of keys) if (found.has(keyOf(key))) this.touchTags.run(now, key.hash, key.fingerprint);
    })();
    for (const key of keys) this.counters.record(found.has(keyOf(key)));
    return found;
  }

  get(key: TagKey): string | undefined {
    return this.getMany([key]).get(keyOf(key));
  }

  /** Every stored entry, in batches (for seeding a team cache). */
  *entries(batchSize = 500): Generator<Array<TagKey & { data: string }>> {
    let batch: Array<TagKey & { data: string }> = [];
    for (const [hash, fingerprint, data] of this.selectAllTags.all() as Array<[string, string, string]>) {
      batch.push({ hash, fingerprint, data });
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** Stores tags (already encoded with encodeTags), in one short transaction. */
  putMany(entries: ReadonlyArray<TagKey & { data: string }>): void {
    if (entries.length === 0) return;
    const now = this.now();
    for (const entry of entries) this.l1.set(keyOf(entry), entry.data);
    this.db.transaction(() => {
      for (const entry of entries) this.insertTags.run(entry.hash, entry.fingerprint, entry.data, Buffer.byteLength(entry.data), now);
    })();
  }
}
