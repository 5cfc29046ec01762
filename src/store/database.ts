/**
 * Opens the cache database: one SQLite file per repository root, in WAL mode with a busy
 * timeout so any number of processes can share it. Trouble at open is handled here, once: a file
 * that is not our database (corrupt, truncated, empty, a foreign schema, a newer version) is
 * moved aside and rebuilt; a database we cannot open for writing (read-only file or directory,
 * a `-wal` that is not a file) is read from an in-memory copy; a directory we cannot use gives
 * an empty in-memory store. Faults after open are absorbed by the guard (guarded-database.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describeCause } from '../errors.js';
import type { CacheConfig } from './cache-config.js';
import { GuardedDatabase, isDamage, StoreHealth, type RawDatabase } from './guarded-database.js';
import { createSchema, SCHEMA_TABLES, SCHEMA_VERSION } from './schema.js';

export type SqliteDatabase = GuardedDatabase;

/** Where the store lives: its file, an in-memory copy of it (read-only trouble), or memory only. */
export type StoreMode = 'file' | 'copy' | 'memory';

/** Quarantined databases kept beside the cache: the newest one, for a bug report. */
export const QUARANTINE_KEEP = 1;

export interface OpenedStore {
  db: GuardedDatabase;
  /** The database file, or undefined for the in-memory fallback. */
  file: string | undefined;
  mode: StoreMode;
  health: StoreHealth;
}

/** A file that exists but is not a repomap cache of this version: moved aside, never migrated. */
class NotOurDatabase extends Error {}

export function databaseFile(config: CacheConfig, root: string): string {
  if (!config.dirConfigured) return path.join(config.dir, 'cache.db');
  // A shared cache directory holds one database per repository root.
  const id = createHash('sha1').update(root).digest('hex').slice(0, 12);
  return path.join(config.dir, `cache-${path.basename(root).replace(/[^\w.-]/g, '_')}-${id}.db`);
}

export function openStore(config: CacheConfig, root: string, onWarning?: (message: string) => void): OpenedStore {
  const file = databaseFile(config, root);
  const health = new StoreHealth({ file, busyTimeoutMs: config.busyTimeoutMs, onWarning, onDamage: quarantine });
  const { db, mode } = openRaw(config, root, file, health);
  return { db: new GuardedDatabase(db, health), file: mode === 'memory' ? undefined : file, mode, health };
}

function openRaw(config: CacheConfig, root: string, file: string, health: StoreHealth): { db: RawDatabase; mode: StoreMode } {
  let directoryFault: unknown;
  try {
    prepareDirectory(config, root);
  } catch (error) {
    directoryFault = error;
  }
  try {
    const db = openExisting(file, config.busyTimeoutMs);
    if (db) return { db, mode: 'file' };
  } catch (error) {
    if (!(error instanceof NotOurDatabase) && !isDamage(error)) return openCopy(config, file, error, health);
    if (directoryFault === undefined) {
      const aside = quarantine(file);
      health.report(`the cache ${file} was unusable (${describeCause(error)}); moved it to ${aside} and rebuilt it`);
    }
  }
  if (directoryFault !== undefined) return openInMemory(directoryFault, health);
  try {
    return { db: createFresh(file, config.busyTimeoutMs), mode: 'file' };
  } catch (error) {
    return openInMemory(error, health);
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

function configure(db: RawDatabase, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
}

/** The existing database, checked; undefined when there is none; throws when it is not ours. */
function openExisting(file: string, busyTimeoutMs: number): RawDatabase | undefined {
  if (!existsSync(file)) return undefined;
  if (statSync(file).size === 0) throw new NotOurDatabase('empty file');
  const db = new Database(file, { timeout: busyTimeoutMs, fileMustExist: true });
  try {
    configure(db, busyTimeoutMs);
    checkSchema(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function checkSchema(db: RawDatabase): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== SCHEMA_VERSION) throw new NotOurDatabase(`schema version ${version}, expected ${SCHEMA_VERSION}`);
  const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  const missing = SCHEMA_TABLES.filter((table) => !tables.has(table));
  if (missing.length > 0) throw new NotOurDatabase(`not a repomap cache (no table ${missing.join(', ')})`);
}

/**
 * Builds a new database beside the target and links it into place, so no process ever sees a
 * half-initialised file; when another process got there first, its database is used.
 */
function createFresh(file: string, busyTimeoutMs: number): RawDatabase {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
  const db = new Database(temporary, { timeout: busyTimeoutMs });
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
  const opened = openExisting(file, busyTimeoutMs);
  if (!opened) throw new Error('the new database vanished');
  return opened;
}

/** Moves a bad database (and its WAL files) aside; returns where it went. Keeps the newest few. */
function quarantine(file: string): string {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    // Another process moved it already.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const companion of [`${file}-wal`, `${file}-shm`]) {
    try {
      rmSync(companion, { force: true });
    } catch {
      // not a file (a directory?): opening reports it with its fix
    }
  }
  removeQuarantined(file, QUARANTINE_KEEP);
  return aside;
}

/** Deletes quarantined copies of a database but the newest `keep`; returns how many went. */
export function removeQuarantined(file: string, keep = 0): number {
  const prefix = `${path.basename(file)}.corrupt-`;
  let names: string[];
  try {
    names = readdirSync(path.dirname(file)).filter((name) => name.startsWith(prefix));
  } catch {
    return 0;
  }
  const byAge = names
    .map((name) => ({ name, mtimeMs: statSync(path.join(path.dirname(file), name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs || (a.name < b.name ? 1 : -1));
  let removed = 0;
  for (const { name } of byAge.slice(keep)) {
    try {
      rmSync(path.join(path.dirname(file), name), { force: true });
      removed++;
    } catch {
      // another process removed it, or the directory is read-only: left for the next clear
    }
  }
  return removed;
}

/**
 * The database could not be opened for use (read-only file or directory, a `-wal` that is a
 * directory, an I/O error): read a copy of it into memory, so its entries still serve this run.
 * A copy larger than twice the size cap is not worth reading: an empty store instead.
 */
function openCopy(config: CacheConfig, file: string, fault: unknown, health: StoreHealth): { db: RawDatabase; mode: StoreMode } {
  health.fault(fault, 'open');
  try {
    if (statSync(file).size > config.sizeMb * 2 * 1024 * 1024) return openInMemory(undefined, health);
    const bytes = readFileSync(file);
    // Bytes 18-19 of the header say WAL; an in-memory database cannot use a WAL.
    bytes[18] = 1;
    bytes[19] = 1;
    const db = new Database(bytes);
    try {
      checkSchema(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return { db, mode: 'copy' };
  } catch {
    return openInMemory(undefined, health);
  }
}

/** An empty store in memory; `fault` (when given) is why, reported as the one warning. */
function openInMemory(fault: unknown, health: StoreHealth): { db: RawDatabase; mode: StoreMode } {
  if (fault !== undefined) health.fault(fault, 'open');
  const db = new Database(':memory:');
  createSchema(db);
  return { db, mode: 'memory' };
}

