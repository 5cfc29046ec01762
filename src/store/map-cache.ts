/**
 * MapCache (SPEC B2, A8): finished builds per MapCacheKey. The key is built from sets (chat
 * files, other files, mentioned files and identifiers), the budget, the tokenizer and a state
 * fingerprint whose meaning depends on the refresh mode; the files a map depends on are
 * recorded so invalidateByFile removes exactly the maps that read a file.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { compareCodePoints } from '../paths.js';
import type { RefreshMode } from './cache-config.js';
import { CacheCounters } from './counters.js';
import type { SqliteDatabase } from './database.js';

export interface MapCacheKeyFields {
  chatFiles: Iterable<string>;
  otherFiles: Iterable<string>;
  budget: number;
  mentionedFiles: Iterable<string>;
  mentionedIdents: Iterable<string>;
  tokenizer: string;
  /** The rendering style; absent: the default (aider). */
  style?: string;
  /** With --history: the HEAD commit whose history personalized the map; absent: history off. */
  historyHead?: string;
  /** Everything else the map depends on in this refresh mode (contents, grammars, options). */
  state: string;
}

/**
 * Whether stored JSON has the shape of a finished map (text, files, skipped, stats): a damaged
 * row, or one written by something else, is a miss and is deleted, never a failed build.
 */
export function isMapResultJson(json: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null) return false;
  const map = value as Record<string, unknown>;
  return typeof map.text === 'string' && typeof map.tokens === 'number' && Array.isArray(map.files) && Array.isArray(map.skipped) && typeof map.stats === 'object' && map.stats !== null;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort(compareCodePoints);

export class MapCacheKey {
  readonly chatFiles: string[];
  readonly otherFiles: string[];
  readonly budget: number;
  readonly mentionedFiles: string[];
  readonly mentionedIdents: string[];
  readonly tokenizer: string;
  readonly style: string;
  readonly historyHead: string | undefined;
  readonly state: string;
  /** The key as stored: a hash of all the fields above. */
  readonly id: string;

  constructor(fields: MapCacheKeyFields) {
    this.chatFiles = sorted(fields.chatFiles);
    this.otherFiles = sorted(fields.otherFiles);
    this.budget = fields.budget;
    this.mentionedFiles = sorted(fields.mentionedFiles);
    this.mentionedIdents = sorted(fields.mentionedIdents);
    this.tokenizer = fields.tokenizer;
    this.style = fields.style ?? 'aider';
    this.historyHead = fields.historyHead;
    this.state = fields.state;
    const hash = createHash('sha1');
    for (const part of [this.chatFiles, this.otherFiles, this.mentionedFiles, this.mentionedIdents]) {
      hash.update(part.join('\0')).update('\u0001');
    }
    hash.update(`${this.budget}\u0001${this.tokenizer}\u0001${this.state}`);
    // The default style without history hashes as before the two existed: stored maps stay valid.
    if (this.style !== 'aider' || this.historyHead !== undefined) hash.update(`\u0001${this.style}\u0001${this.historyHead ?? ''}`);
    this.id = hash.digest('hex');
  }

  /** A short human description for `inspect --maps`. */
  describe(mode: RefreshMode): string {
    const parts = [`${this.otherFiles.length} files`, `${this.budget} tokens`, this.tokenizer, `refresh ${mode}`];
    if (this.style !== 'aider') parts.push(`style ${this.style}`);
    if (this.historyHead !== undefined) parts.push(`history at ${this.historyHead.slice(0, 12)}`);
    if (this.chatFiles.length > 0) parts.push(`chat: ${this.chatFiles.join(' ')}`);
    if (this.mentionedFiles.length > 0) parts.push(`mentioned files: ${this.mentionedFiles.join(' ')}`);
    if (this.mentionedIdents.length > 0) parts.push(`mentioned idents: ${this.mentionedIdents.slice(0, 20).join(' ')}`);
    return parts.join(', ');
  }

  /** Every file the map reads. */
  files(): string[] {
    return [...this.chatFiles, ...this.otherFiles];
  }
}

export interface CachedMapInfo {
  key: string;
  description: string;
  bytes: number;
  created: number;
  lastUsed: number;
}

const LAST_MAP = 'last_map_key';

export class MapCache {
  readonly counters = new CacheCounters('maps');
  private readonly l1: LRUCache<string, string>;
  private readonly select;
  private readonly touch;
  private readonly insert;
  private readonly insertFileSet;
  private readonly fileSets;
  private readonly deleteBySet;
  private readonly deleteUnusedSets;
  private readonly deleteByKey;
  private readonly getMeta;
  private readonly setMeta;
  private readonly list;
  private readonly now: () => number;

  constructor(
    private readonly db: SqliteDatabase,
    options: { l1Size: number; now?: () => number },
  ) {
    this.now = options.now ?? Date.now;
    this.l1 = new LRUCache({ max: options.l1Size });
    this.select = db.prepare('SELECT result FROM maps WHERE key = ?').pluck();
    this.touch = db.prepare('UPDATE maps SET last_used = ? WHERE key = ?');
    this.deleteByKey = db.prepare('DELETE FROM maps WHERE key = ?');
    this.insert = db.prepare(
      'INSERT INTO maps (key, file_set, description, result, bytes, created, last_used) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET result = excluded.result, bytes = excluded.bytes, last_used = excluded.last_used',
    );
    this.insertFileSet = db.prepare('INSERT INTO file_sets (id, paths) VALUES (?, ?) ON CONFLICT (id) DO NOTHING');
    this.fileSets = db.prepare('SELECT id, paths FROM file_sets');
    this.deleteBySet = db.prepare('DELETE FROM maps WHERE file_set = ?');
    this.deleteUnusedSets = db.prepare('DELETE FROM file_sets WHERE id NOT IN (SELECT file_set FROM maps)');
    this.getMeta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    this.setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.list = db.prepare('SELECT key, description, bytes, created, last_used FROM maps ORDER BY last_used DESC');
  }

  /** The stored result (JSON) for a key, counted as a hit or a miss. */
  get(key: MapCacheKey | string): string | undefined {
    const id = typeof key === 'string' ? key : key.id;
    let result = this.l1.get(id);
    if (result === undefined) {
      result = this.select.get(id) as string | undefined;
      if (result !== undefined && !isMapResultJson(result)) {
        this.deleteByKey.run(id);
        result = undefined;
      }
      if (result !== undefined) this.l1.set(id, result);
    }
    if (result !== undefined) this.touch.run(this.now(), id);
    this.counters.record(result !== undefined);
    return result;
  }

  /** The last map stored for this database's root (refresh mode `manual`). */
  getLast(): string | undefined {
    const id = this.getMeta.get(LAST_MAP) as string | undefined;
    return id === undefined ? (this.counters.record(false), undefined) : this.get(id);
  }

  set(key: MapCacheKey, description: string, result: string): void {
    const now = this.now();
    const paths = key.files().join('\0');
    const fileSet = createHash('sha1').update(paths).digest('hex');
    this.db.transaction(() => {
      this.insertFileSet.run(fileSet, paths);
      this.insert.run(key.id, fileSet, description, result, Buffer.byteLength(result), now, now);
      this.setMeta.run(LAST_MAP, key.id);
    })();
    this.l1.set(key.id, result);
  }

  /** Removes every map that read this file; returns how many. */
  invalidateByFile(relPath: string): number {
    return this.invalidateByFiles([relPath]);
  }

  /** Removes every map that read any of these files, looking at each stored file set once. */
  invalidateByFiles(relPaths: readonly string[]): number {
    if (relPaths.length === 0) return 0;
    const sets = (this.fileSets.all() as Array<{ id: string; paths: string }>).filter(({ paths }) => {
      const members = new Set(paths.split('\0'));
      return relPaths.some((relPath) => members.has(relPath));
    });
    if (sets.length === 0) return 0;
    let removed = 0;
    this.db.transaction(() => {
      for (const { id } of sets) removed += this.deleteBySet.run(id).changes;
      this.deleteUnusedSets.run();
    })();
    this.l1.clear();
    return removed;
  }

  /** Drops an entry from memory after the store evicted it. */
  forget(key: string): void {
    this.l1.delete(key);
  }

  entries(): CachedMapInfo[] {
    return (this.list.all() as Array<{ key: string; description: string; bytes: number; created: number; last_used: number }>).map((row) => ({
      key: row.key,
      description: row.description,
      bytes: row.bytes,
      created: row.created,
      lastUsed: row.last_used,
    }));
  }
}
