/**
 * TreeCache (SPEC B2): a file's rendered snippet per (path, content hash, what it was rendered
 * from, sorted lines of interest, style), so a map is re-rendered without parsing when its files
 * did not change. "What it was rendered from" is the renderer's version and the fingerprint of
 * the tags whose scope record the snippet follows (grammar, query, extractor version): a change
 * to any of them makes the old snippets miss. Stored in the hash column as
 * `<hash>/<source>[/<style>]` (the style only when not the default).
 */
import { LRUCache } from 'lru-cache';
import { CacheCounters } from './counters.js';
import type { SqliteDatabase } from './database.js';

export interface TreeKey {
  relPath: string;
  hash: string;
  /** Lines of interest; sorted and deduplicated by the cache. */
  lines: readonly number[];
  /** The rendering style; absent: the default (aider). */
  style?: string;
  /** What the snippet was rendered from (renderer version and tag fingerprint); see above. */
  source: string;
}

export function treeKeyString(key: TreeKey): string {
  return `${key.relPath}\0${storedHash(key)}\0${normalizeLines(key.lines)}`;
}

function storedHash({ hash, source, style }: TreeKey): string {
  return style && style !== 'aider' ? `${hash}/${source}/${style}` : `${hash}/${source}`;
}

/** The content hash of a stored hash column. */
function contentHash(stored: string): string {
  const slash = stored.indexOf('/');
  return slash < 0 ? stored : stored.slice(0, slash);
}

function normalizeLines(lines: readonly number[]): string {
  return [...new Set(lines)].sort((a, b) => a - b).join(',');
}

export class TreeCache {
  readonly counters = new CacheCounters('trees');
  private readonly l1: LRUCache<string, string>;
  private readonly select;
  private readonly insert;
  private readonly touch;
  private readonly deleteByPath;
  private readonly countByPath;
  private readonly now: () => number;
  private readonly pending: Array<{ key: TreeKey; snippet: string }> = [];

  constructor(
    private readonly db: SqliteDatabase,
    options: { l1Size: number; now?: () => number },
  ) {
    this.now = options.now ?? Date.now;
    this.l1 = new LRUCache({ max: options.l1Size });
    this.select = db.prepare('SELECT snippet FROM trees WHERE path = ? AND hash = ? AND lines = ?').pluck();
    this.insert = db.prepare(
      'INSERT INTO trees (path, hash, lines, snippet, bytes, last_used) VALUES (?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT (path, hash, lines) DO UPDATE SET last_used = excluded.last_used',
    );
    this.touch = db.prepare('UPDATE trees SET last_used = ? WHERE path = ? AND hash = ? AND lines = ?');
    this.deleteByPath = db.prepare('DELETE FROM trees WHERE path = ?');
    this.countByPath = db.prepare('SELECT count(*) FROM trees WHERE path = ?').pluck();
  }

  get(key: TreeKey): string | undefined {
    const id = treeKeyString(key);
    const lines = normalizeLines(key.lines);
    let snippet = this.l1.get(id);
    if (snippet === undefined) {
      snippet = this.select.get(key.relPath, storedHash(key), lines) as string | undefined;
      if (snippet !== undefined) this.l1.set(id, snippet);
    }
    if (snippet !== undefined) this.touch.run(this.now(), key.relPath, storedHash(key), lines);
    this.counters.record(snippet !== undefined);
    return snippet;
  }

  /** Queues a snippet; flush() writes the queue in one transaction. */
  set(key: TreeKey, snippet: string): void {
    this.l1.set(treeKeyString(key), snippet);
    this.pending.push({ key, snippet });
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const now = this.now();
    const entries = this.pending.splice(0);
    this.db.transaction(() => {
      for (const { key, snippet } of entries) {
        this.insert.run(key.relPath, storedHash(key), normalizeLines(key.lines), snippet, Buffer.byteLength(snippet), now);
      }
    })();
  }

  /** Drops an entry from memory after the store evicted its row (the row's path, hash and lines columns). */
  forgetRow(relPath: string, storedHashColumn: string, linesColumn: string): void {
    this.l1.delete(`${relPath}\0${storedHashColumn}\0${linesColumn}`);
  }

  /** Every snippet stored for a file (for `inspect`). */
  entriesFor(relPath: string): Array<{ hash: string; lines: number[]; bytes: number; lastUsed: number }> {
    const rows = this.db.prepare('SELECT hash, lines, bytes, last_used FROM trees WHERE path = ? ORDER BY last_used DESC').all(relPath) as Array<{
      hash: string;
      lines: string;
      bytes: number;
      last_used: number;
    }>;
    return rows.map((row) => ({ hash: contentHash(row.hash), lines: row.lines ? row.lines.split(',').map(Number) : [], bytes: row.bytes, lastUsed: row.last_used }));
  }

  /** Drops every snippet of a file; returns how many there were. */
  invalidate(relPath: string): number {
    for (const id of this.l1.keys()) if (id.startsWith(`${relPath}\0`)) this.l1.delete(id);
    const count = (this.countByPath.get(relPath) as number | undefined) ?? 0;
    this.deleteByPath.run(relPath);
    return count;
  }
}
