/**
 * The cache's tables. Bump SCHEMA_VERSION whenever a table or the meaning of a column changes:
 * a database of another version is moved aside and rebuilt, never migrated in place.
 */
import type Database from 'better-sqlite3';

export const SCHEMA_VERSION = 2;

export const SCHEMA_TABLES = ['files', 'tags', 'trees', 'maps', 'file_sets', 'snapshots', 'counters', 'meta'];

const TABLES = `
  -- What we last saw of each file: TagCache's first level of validation (stat, then hash).
  CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    mtime_ms REAL NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL,
    language TEXT
  ) WITHOUT ROWID;
  -- Tags per content hash and language fingerprint: identical files share one row.
  CREATE TABLE IF NOT EXISTS tags (
    hash TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    data TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    last_used INTEGER NOT NULL,
    PRIMARY KEY (hash, fingerprint)
  ) WITHOUT ROWID;
  -- Rendered snippets per (file, content, lines of interest).
  CREATE TABLE IF NOT EXISTS trees (
    path TEXT NOT NULL,
    hash TEXT NOT NULL,
    lines TEXT NOT NULL,
    snippet TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    last_used INTEGER NOT NULL,
    PRIMARY KEY (path, hash, lines)
  ) WITHOUT ROWID;
  -- Rendered maps (the whole build result as JSON) per map key.
  CREATE TABLE IF NOT EXISTS maps (
    key TEXT PRIMARY KEY,
    file_set TEXT NOT NULL,
    description TEXT NOT NULL,
    result TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created INTEGER NOT NULL,
    last_used INTEGER NOT NULL
  ) WITHOUT ROWID;
  -- The files a map reads, stored once per distinct set (maps of a root share one), for
  -- MapCache.invalidateByFile.
  CREATE TABLE IF NOT EXISTS file_sets (
    id TEXT PRIMARY KEY,
    paths TEXT NOT NULL
  ) WITHOUT ROWID;
  -- The interned tag index of a root's last build, so a build after a small change patches it
  -- instead of rebuilding it from every tag row.
  CREATE TABLE IF NOT EXISTS snapshots (
    name TEXT NOT NULL,
    part INTEGER NOT NULL,
    data BLOB NOT NULL,
    bytes INTEGER NOT NULL,
    created INTEGER NOT NULL,
    last_used INTEGER NOT NULL,
    PRIMARY KEY (name, part)
  );
  -- Cumulative hits, misses and evictions per cache.
  CREATE TABLE IF NOT EXISTS counters (
    cache TEXT NOT NULL,
    name TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (cache, name)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
`;

/** Secondary indexes, created after bulk loads (inserting into indexed tables measured 3× slower). */
export const INDEXES = `
  CREATE INDEX IF NOT EXISTS maps_by_file_set ON maps (file_set);
  CREATE INDEX IF NOT EXISTS trees_by_last_used ON trees (last_used);
`;

/** Tables only: a new database is bulk-loaded by its first build before INDEXES are created. */
export function createSchema(db: Database.Database): void {
  db.exec(TABLES);
}
