/**
 * Owns one repository's cache database and the three caches on it. Counts hits, misses and
 * evictions, keeps the database within its size cap by evicting least-recently-used entries,
 * and reports statistics for `repomap stats`. Knows nothing of parsing or ranking. Never throws
 * a storage error at a build: the guarded database degrades instead and reports one warning
 * (`warning`, or `onWarning` as it happens); only the housekeeping commands (clear, prune)
 * report a store they cannot change as a CacheError.
 */
import { statSync } from 'node:fs';
import { CacheError } from '../errors.js';
import type { CacheConfig } from './cache-config.js';
import { hitRate, type CounterValues } from './counters.js';
import { openStore, removeQuarantined, type SqliteDatabase, type StoreMode } from './database.js';
import { explainStoreFault, type StoreHealth } from './guarded-database.js';
import { INDEXES } from './schema.js';
import { MapCache } from './map-cache.js';
import { compareCodePoints } from '../paths.js';
import { TagCache, type ParseTimeout } from './tag-cache.js';
import { TreeCache } from './tree-cache.js';
import { WorkLocks } from './work-locks.js';
import { emptyRemoteCounters, REMOTE_COUNTER_NAMES, type RemoteCounterValues } from './remote/remote-counters.js';

/** The cap may be exceeded by this much before eviction runs (pages, indexes, the files table). */
export const SIZE_CAP_SLACK = 0.1;
const SNAPSHOT = 'tag-index';

export interface LastBuild {
  at: number;
  warm: boolean;
  timings: Record<string, number>;
  languages: Record<string, number>;
  skipped: Record<string, number>;
  files: number;
  parsed: number;
}

export interface CacheEntryStats extends CounterValues {
  entries: number;
  bytes: number;
  hitRate: number | null;
  lastRun: CounterValues & { hitRate: number | null };
}

/** The team cache as this store saw it: totals over every run, and the last run that used it. */
export interface RemoteStatistics {
  totals: RemoteCounterValues & { hitRate: number | null };
  lastRun: (RemoteCounterValues & { hitRate: number | null; at: number; server: string | null; mode: string; namespace: string }) | null;
}

export interface CacheStatistics {
  file: string | null;
  databaseBytes: number;
  sizeCapBytes: number;
  caches: { tags: CacheEntryStats; trees: CacheEntryStats; maps: CacheEntryStats };
  /** Contents skipped because their parse ran past the budget, in path order. */
  parseTimeouts: ParseTimeout[];
  snapshot: { bytes: number } | null;
  trackedFiles: number;
  lastBuild: LastBuild | null;
  /** Null until a build used a team cache. */
  remote: RemoteStatistics | null;
}

export interface CacheManagerOptions {
  now?: () => number;
  /** Told each warning when it happens (a rebuilt cache; why the store stopped being used). */
  onWarning?: (message: string) => void;
}

export class CacheManager {
  readonly tags: TagCache;
  readonly trees: TreeCache;
  readonly maps: MapCache;
  /** Locks on work several processes of this cache would otherwise all do. */
  readonly locks: WorkLocks;
  readonly file: string | undefined;
  /** file: the database itself; copy: a copy read into memory; memory: an empty store. */
  readonly mode: StoreMode;
  private readonly db: SqliteDatabase;
  private readonly health: StoreHealth;
  private readonly statements;
  private readonly now: () => number;
  private closed = false;

  constructor(
    readonly config: CacheConfig,
    root: string,
    { now = Date.now, onWarning }: CacheManagerOptions = {},
  ) {
    const store = openStore(config, root, onWarning);
    this.db = store.db;
    this.file = store.file;
    this.mode = store.mode;
    this.health = store.health;
    this.now = now;
    const options = { l1Size: config.l1Size, now };
    this.tags = new TagCache(this.db, options);
    this.trees = new TreeCache(this.db, options);
    this.maps = new MapCache(this.db, options);
    this.locks = new WorkLocks(this.db, now);
    this.statements = {
      getMeta: this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      getSnapshot: this.db.prepare('SELECT data FROM snapshots WHERE name = ? AND part = ?').pluck(),
      snapshotParts: this.db.prepare('SELECT count(*) FROM snapshots WHERE name = ?').pluck(),
      deleteSnapshot: this.db.prepare('DELETE FROM snapshots WHERE name = ?'),
      insertSnapshot: this.db.prepare('INSERT INTO snapshots (name, part, data, bytes, created, last_used) VALUES (?, ?, ?, ?, ?, ?)'),
      addCounter: this.db.prepare(
        'INSERT INTO counters (cache, name, value) VALUES (?, ?, ?) ON CONFLICT (cache, name) DO UPDATE SET value = value + excluded.value',
      ),
      counters: this.db.prepare('SELECT cache, name, value FROM counters'),
      usedBytes: this.db.prepare(
        'SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count())',
      ).pluck(),
      pageSize: this.db.prepare('SELECT page_size FROM pragma_page_size()').pluck(),
    };
  }

  static open(config: CacheConfig, root: string, options?: CacheManagerOptions): CacheManager {
    return new CacheManager(config, root, options);
  }

  /** The first warning: the store was rebuilt, or why it stopped being used. */
  get warning(): string | undefined {
    return this.health.warning;
  }

  /** False once this store had to stop writing its file (or never had one). */
  get isPersistent(): boolean {
    return this.mode === 'file' && this.health.writable;
  }

  getMeta<T>(key: string): T | undefined {
    const value = this.statements.getMeta.get(key) as string | undefined;
    return value === undefined ? undefined : (JSON.parse(value) as T);
  }

  setMeta(key: string, value: unknown): void {
    this.statements.setMeta.run(key, JSON.stringify(value));
  }

  /** The serialized tag index of the last build (its parts), if any. */
  getSnapshot(): Buffer[] | undefined {
    const count = this.statements.snapshotParts.get(SNAPSHOT) as number | undefined;
    if (!count) return undefined;
    const parts: Buffer[] = [];
    for (let part = 0; part < count; part++) {
      const data = this.statements.getSnapshot.get(SNAPSHOT, part) as Buffer | undefined;
      if (!data) return undefined;
      parts.push(data);
    }
    return parts;
  }

  /** Replaces the snapshot, one row per part, in one transaction. */
  setSnapshot(parts: readonly Buffer[]): void {
    const now = this.now();
    this.db.transaction(() => {
      this.statements.deleteSnapshot.run(SNAPSHOT);
      parts.forEach((data, part) => this.statements.insertSnapshot.run(SNAPSHOT, part, data, data.length, now, now));
    })();
  }

  /** Bytes the database's live pages take. */
  usedBytes(): number {
    return ((this.statements.usedBytes.get() as number | undefined) ?? 0) * ((this.statements.pageSize.get() as number | undefined) ?? 0);
  }

  /**
   * Evicts least-recently-used tags, snippets, maps and snapshots until the live pages fit the
   * cap, then returns freed pages to the file system. Returns how many entries went.
   */
  enforceSizeCap(): number {
    const cap = this.config.sizeMb * 1024 * 1024;
    if (!this.health.writable || this.usedBytes() <= cap * (1 + SIZE_CAP_SLACK)) return 0;
    const candidates = this.db
      .prepare(
        `SELECT 'tags' AS kind, hash AS a, fingerprint AS b, '' AS c, bytes, last_used FROM tags
         UNION ALL SELECT 'trees', path, hash, lines, bytes, last_used FROM trees
         UNION ALL SELECT 'maps', key, '', '', bytes, last_used FROM maps
         UNION ALL SELECT 'snapshots', name, '', '', sum(bytes), max(last_used) FROM snapshots GROUP BY name
         ORDER BY last_used ASC`,
      )
      .all() as Array<{ kind: 'tags' | 'trees' | 'maps' | 'snapshots'; a: string; b: string; c: string; bytes: number }>;
    const remove = {
      tags: this.db.prepare('DELETE FROM tags WHERE hash = ? AND fingerprint = ?'),
      trees: this.db.prepare('DELETE FROM trees WHERE path = ? AND hash = ? AND lines = ?'),
      maps: this.db.prepare('DELETE FROM maps WHERE key = ?'),
      snapshots: this.db.prepare('DELETE FROM snapshots WHERE name = ?'),
    };
    const counters = { tags: this.tags.counters, trees: this.trees.counters, maps: this.maps.counters };
    let excess = this.usedBytes() - cap;
    let evicted = 0;
    this.db.transaction(() => {
      for (const entry of candidates) {
        if (excess <= 0) break;
        if (entry.kind === 'tags') {
          remove.tags.run(entry.a, entry.b);
          this.tags.forget({ hash: entry.a, fingerprint: entry.b });
        } else if (entry.kind === 'trees') {
          remove.trees.run(entry.a, entry.b, entry.c);
          this.trees.forgetRow(entry.a, entry.b, entry.c);
        } else {
          remove[entry.kind].run(entry.a);
          if (entry.kind === 'maps') this.maps.forget(entry.a);
        }
        if (entry.kind !== 'snapshots') counters[entry.kind].evictions++;
        excess -= entry.bytes;
        evicted++;
      }
      this.db.prepare('DELETE FROM file_sets WHERE id NOT IN (SELECT file_set FROM maps)').run();
    })();
    this.db.pragmaWrite('incremental_vacuum');
    this.db.pragmaWrite('wal_checkpoint(TRUNCATE)');
    return evicted;
  }

  /** Adds this run's counters to the totals and remembers the build. */
  recordRun(build: LastBuild | undefined): void {
    const runs = [this.tags.counters, this.trees.counters, this.maps.counters];
    this.db.transaction(() => {
      for (const counters of runs) {
        for (const [name, value] of Object.entries(counters.snapshot())) this.statements.addCounter.run(counters.cache, name, value);
      }
      this.setMeta('last_run', Object.fromEntries(runs.map((counters) => [counters.cache, counters.snapshot()])));
      if (build) this.setMeta('last_build', build);
    })();
  }

  /** Adds a run's team-cache counters to the totals (whole numbers) and remembers the run. */
  recordRemote(values: RemoteCounterValues, about: { mode: string; namespace: string; describe?: string }): void {
    const rounded = Object.fromEntries(REMOTE_COUNTER_NAMES.map((name) => [name, Math.round(values[name])])) as unknown as RemoteCounterValues;
    this.db.transaction(() => {
      for (const name of REMOTE_COUNTER_NAMES) this.statements.addCounter.run('remote', name, rounded[name]);
      this.setMeta('last_remote', { ...rounded, at: this.now(), server: about.describe ?? null, mode: about.mode, namespace: about.namespace });
    })();
  }

  private remoteStatistics(): RemoteStatistics | null {
    const rows = this.db.prepare("SELECT name, value FROM counters WHERE cache = 'remote'").all() as Array<{ name: keyof RemoteCounterValues; value: number }>;
    const lastRun = this.getMeta<NonNullable<RemoteStatistics['lastRun']>>('last_remote') ?? null;
    if (rows.length === 0 && !lastRun) return null;
    const totals = emptyRemoteCounters();
    for (const row of rows) if (row.name in totals) totals[row.name] = row.value;
    const rate = ({ hits, misses }: RemoteCounterValues): number | null => hitRate({ hits, misses, evictions: 0 });
    return { totals: { ...totals, hitRate: rate(totals) }, lastRun: lastRun && { ...lastRun, hitRate: rate(lastRun) } };
  }

  getStatistics(): CacheStatistics {
    const totals = new Map<string, CounterValues>();
    for (const row of this.statements.counters.all() as Array<{ cache: string; name: keyof CounterValues; value: number }>) {
      if (row.cache === 'remote') continue;
      const values = totals.get(row.cache) ?? { hits: 0, misses: 0, evictions: 0 };
      values[row.name] = row.value;
      totals.set(row.cache, values);
    }
    const lastRun = this.getMeta<Record<string, CounterValues>>('last_run') ?? {};
    const entryStats = (cache: string, table: string): CacheEntryStats => {
      const { entries, bytes } = (this.db.prepare(`SELECT count(*) AS entries, coalesce(sum(bytes), 0) AS bytes FROM ${table}`).get() as
        | { entries: number; bytes: number }
        | undefined) ?? { entries: 0, bytes: 0 };
      const total = totals.get(cache) ?? { hits: 0, misses: 0, evictions: 0 };
      const last = lastRun[cache] ?? { hits: 0, misses: 0, evictions: 0 };
      return { entries, bytes, ...total, hitRate: hitRate(total), lastRun: { ...last, hitRate: hitRate(last) } };
    };
    const snapshotBytes = (this.db.prepare('SELECT sum(bytes) FROM snapshots WHERE name = ?').pluck().get(SNAPSHOT) as number | null | undefined) ?? null;
    return {
      file: this.file ?? null,
      databaseBytes: this.file ? fileBytes(this.file) : this.usedBytes(),
      sizeCapBytes: this.config.sizeMb * 1024 * 1024,
      caches: { tags: entryStats('tags', 'tags'), trees: entryStats('trees', 'trees'), maps: entryStats('maps', 'maps') },
      parseTimeouts: [...this.tags.parseTimeouts().values()].sort((a, b) => compareCodePoints(a.relPath, b.relPath)),
      snapshot: snapshotBytes === null ? null : { bytes: snapshotBytes },
      trackedFiles: (this.db.prepare('SELECT count(*) FROM files').pluck().get() as number | undefined) ?? 0,
      lastBuild: this.getMeta<LastBuild>('last_build') ?? null,
      remote: this.remoteStatistics(),
    };
  }

  /**
   * Empties every cache and deletes the quarantined copies of damaged databases; returns how
   * many entries went. Throws a CacheError when the store cannot be changed.
   */
  clear(): { tags: number; trees: number; maps: number; files: number; quarantined: number } {
    this.requireWritable('clear');
    const counts = this.db.transaction(() => {
      const counts = {
        tags: this.db.prepare('DELETE FROM tags').run().changes,
        trees: this.db.prepare('DELETE FROM trees').run().changes,
        maps: this.db.prepare('DELETE FROM maps').run().changes,
        files: this.db.prepare('DELETE FROM files').run().changes,
      };
      this.db.prepare('DELETE FROM file_sets').run();
      this.db.prepare('DELETE FROM snapshots').run();
      this.db.prepare('DELETE FROM meta').run();
      this.db.prepare('DELETE FROM counters').run();
      return counts;
    })();
    if (counts === undefined) this.requireWritable('clear');
    return { ...counts!, quarantined: this.file ? removeQuarantined(this.file) : 0 };
  }

  /** Housekeeping must change the file itself: a store that cannot is an error, with its fix. */
  private requireWritable(command: string): void {
    if (this.mode === 'file' && this.health.writable) return;
    const fault = this.health.lastFault ?? new Error('the cache is not stored in a file');
    const { cause, fix } = explainStoreFault(this.file ?? this.health.options.file, fault, this.config.busyTimeoutMs);
    throw new CacheError(`cache ${command}: cannot change the cache ${this.file ?? this.health.options.file}: ${cause}. Fix: ${fix}`);
  }

  /**
   * The one invalidation cascade (SPEC B2, B6): a changed or deleted file's snippets and the
   * maps that read it (`maps: false` keeps maps, for refresh modes that ignore contents); with
   * `rows`, its files row too, so its next lookup hashes it again. Returns what went.
   */
  invalidateFiles(relPaths: Iterable<string>, { maps = true, rows = false }: { maps?: boolean; rows?: boolean } = {}): { trees: number; maps: number } {
    const counts = { trees: 0, maps: 0 };
    const paths = [...relPaths];
    this.db.transaction(() => {
      for (const relPath of paths) {
        counts.trees += this.trees.invalidate(relPath);
        if (rows) this.tags.invalidate(relPath);
      }
      if (maps) counts.maps = this.maps.invalidateByFiles(paths);
    })();
    return counts;
  }

  /** Drops what belongs to files that no longer exist; tags no file points to any more go too. */
  prune(exists: (relPath: string) => boolean): { files: string[]; trees: number; maps: number; tags: number } {
    this.requireWritable('prune');
    const gone = (this.db.prepare('SELECT path FROM files').pluck().all() as string[]).filter((relPath) => !exists(relPath));
    const treePaths = (this.db.prepare('SELECT DISTINCT path FROM trees').pluck().all() as string[]).filter((relPath) => !exists(relPath));
    const { trees, maps } = this.invalidateFiles(new Set([...gone, ...treePaths]), { rows: true });
    const tags = this.db.prepare('DELETE FROM tags WHERE hash NOT IN (SELECT hash FROM files)').run().changes;
    if (gone.length > 0) this.db.prepare('DELETE FROM snapshots').run();
    this.requireWritable('prune');
    return { files: gone, trees, maps, tags };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.trees.flush();
    // Indexes are built after the first bulk load, not maintained during it (3× faster).
    this.db.exec(INDEXES);
    this.db.close();
  }
}

function fileBytes(file: string): number {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      total += statSync(file + suffix).size;
    } catch {
      // absent WAL files count as nothing
    }
  }
  return total;
}
