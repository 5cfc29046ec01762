/**
 * Opens the cache database: one SQLite file per repository root, in WAL mode with a busy
 * timeout so any number of processes can share it. Every kind of trouble is handled here, once:
 * a file that is not our database (corrupt, truncated, empty, a foreign schema, a newer
 * version) is moved aside and rebuilt; a directory we cannot write gives an in-memory store.
 * Either way the caller gets a working store and at most one warning to print.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describeCause } from '../errors.js';
import type { CacheConfig } from './cache-config.js';
import { createSchema, SCHEMA_TABLES, SCHEMA_VERSION } from './schema.js';

/** How long a writer waits for another process's transaction before failing. */
export const BUSY_TIMEOUT_MS = 30_000;

export type SqliteDatabase = Database.Database;

export interface OpenedStore {
  db: SqliteDatabase;
  /** The database file, or undefined for the in-memory fallback. */
  file: string | undefined;
  /** One line to show the user, when the store had to be rebuilt or fell back to memory. */
  warning?: string;
}

export function databaseFile(config: CacheConfig, root: string): string {
  if (!config.dirConfigured) return path.join(config.dir, 'cache.db');
  // A shared cache directory holds one database per repository root.
  const id = createHash('sha1').update(root).digest('hex').slice(0, 12);
  return path.join(config.dir, `cache-${path.basename(root).replace(/[^\w.-]/g, '_')}-${id}.db`);
}

export function openStore(config: CacheConfig, root: string): OpenedStore {
  const file = databaseFile(config, root);
  try {
    prepareDirectory(config, root);
  } catch (error) {
    return openInMemory(`cannot write the cache directory ${config.dir} (${describeCause(error)}); using an in-memory cache`);
  }
  let warning: string | undefined;
  try {
    const db = openExisting(file);
    if (db) return { db, file };
  } catch (error) {
    const aside = quarantine(file);
    warning = `the cache ${file} was unusable (${describeCause(error)}); moved it to ${aside} and rebuilt it`;
  }
  try {
    return { db: createFresh(file), file, warning };
  } catch (error) {
    return openInMemory(`cannot create the cache ${file} (${describeCause(error)}); using an in-memory cache`);
  }
}

function prepareDirectory(config: CacheConfig, root: string): void {
  mkdirSync(config.dir, { recursive: true });
  const ignoreFile = path.join(config.dir, '.gitignore');
  // Inside the repository the cache must never be committed.
  if (!config.dirConfigured || config.dir.startsWith(root + path.sep)) {
    if (!existsSync(ignoreFile)) writeFileSync(ignoreFile, '*\n');
  }
  const probe = path.join(config.dir, `.write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(probe, '');
  rmSync(probe, { force: true });
}

function configure(db: SqliteDatabase): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
}

/** The existing database, checked; undefined when there is none; throws when it is not ours. */
function openExisting(file: string): SqliteDatabase | undefined {
  if (!existsSync(file)) return undefined;
  if (statSync(file).size === 0) throw new Error('empty file');
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
  try {
    configure(db);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) throw new Error(`schema version ${version}, expected ${SCHEMA_VERSION}`);
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]));
    const missing = SCHEMA_TABLES.filter((table) => !tables.has(table));
    if (missing.length > 0) throw new Error(`not a repomap cache (no table ${missing.join(', ')})`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Builds a new database beside the target and links it into place, so no process ever sees a
 * half-initialised file; when another process got there first, its database is used.
 */
function createFresh(file: string): SqliteDatabase {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
  const db = new Database(temporary, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = DELETE');
    createSchema(db);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  } finally {
    db.close();
  }
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  const opened = openExisting(file);
  if (!opened) throw new Error('the new database vanished');
  return opened;
}

/** Moves a bad database (and its WAL files) aside; returns where it went. */
function quarantine(file: string): string {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    // Another process moved it already.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  return aside;
}

/** Moves the database aside after trouble found while using it; the next open rebuilds it. */
export function quarantineDatabase(file: string): string {
  return quarantine(file);
}

function openInMemory(warning: string): OpenedStore {
  const db = new Database(':memory:');
  createSchema(db);
  return { db, file: undefined, warning };
}
