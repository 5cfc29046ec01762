/**
 * The cache database as the caches see it: better-sqlite3 behind a guard that turns every
 * storage fault (full disk, read-only file or directory, a lock held past the busy timeout, I/O
 * errors, damage found while reading) into a state change instead of an exception. The first
 * failed write stops writing; a failed read stops reading too; either way the caller gets a miss
 * and the build goes on from memory (the L1 caches and what it computes). One warning is
 * recorded, naming the cause and the fix. Programming errors are never swallowed.
 */
import { accessSync, constants, existsSync, statfsSync, statSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describeCause } from '../errors.js';

export type RawDatabase = Database.Database;

/** SQLite result codes and errno codes that mean the storage failed, not our code. */
const FS_FAULT_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EISDIR', 'ENOTDIR', 'EBUSY', 'EMFILE', 'ENFILE']);

export function isStorageFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_') || FS_FAULT_CODES.has(code));
}

export function isDamage(error: unknown): boolean {
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

export interface StoreHealthOptions {
  /** The database file, undefined for a store that was in memory from the start. */
  file: string | undefined;
  busyTimeoutMs: number;
  /** Called once with the warning when the store degrades. */
  onWarning?: (message: string) => void;
  /** Called when damage is found while using the database: move it aside for the next build. */
  onDamage?: (file: string) => string;
}

/** What the store can still do, and the warnings that explain why it can do less. */
export class StoreHealth {
  writable = true;
  readable = true;
  private degraded = false;
  /** The first storage fault, for commands that must report it as an error. */
  lastFault: unknown;
  private first: string | undefined;

  constructor(readonly options: StoreHealthOptions) {}

  /** The first warning (a rebuilt cache, or why the store degraded). */
  get warning(): string | undefined {
    return this.first;
  }

  /** Passes a warning on to the listener, and keeps the first for callers without one. */
  report(message: string): void {
    this.first ??= message;
    this.options.onWarning?.(message);
  }

  /** A fault while reading or writing: stop writing, and stop reading unless only writing failed. */
  fault(error: unknown, during: 'open' | 'read' | 'write'): void {
    this.lastFault ??= error;
    // At open the caller hands out a store that works (in memory): only the warning is due.
    if (during !== 'open') {
      this.writable = false;
      if (during === 'read' || !isWriteOnlyFault(error)) this.readable = false;
    }
    // One warning per store: later faults only repeat the first one's cause.
    if (this.degraded) return;
    this.degraded = true;
    this.report(describeStoreFault(this.options.file, error, this.options.busyTimeoutMs, this.quarantine(error)));
  }

  private quarantine(error: unknown): string | undefined {
    if (!isDamage(error) || !this.options.file || !this.options.onDamage) return undefined;
    try {
      return this.options.onDamage(this.options.file);
    } catch {
      return undefined;
    }
  }
}

/** Faults after which the file can still be read: it is only writing that cannot happen. */
function isWriteOnlyFault(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return /^SQLITE_(FULL|READONLY|BUSY|LOCKED|PERM|CONSTRAINT)/.test(code) || ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM'].includes(code);
}

/** What failed, in the user's terms, and what fixes it. */
export function explainStoreFault(file: string | undefined, error: unknown, busyTimeoutMs: number, quarantined?: string): { cause: string; fix: string } {
  const code = String((error as { code?: unknown }).code ?? '');
  const message = describeCause(error);
  const cause = code && !message.includes(code) ? `${message} (${code})` : message;
  const dir = file ? path.dirname(file) : 'the cache directory';
  const elsewhere = 'or set --cache-dir (REPO_MAP_CACHE_DIR) to another directory';
  if (isDamage(error)) {
    return { cause, fix: quarantined ? `moved it to ${quarantined}; the next build starts a new cache` : 'run `repomap cache clear`' };
  }
  if (/^SQLITE_FULL/.test(code) || code === 'ENOSPC' || code === 'EDQUOT') return { cause, fix: `free disk space in ${dir}, ${elsewhere}` };
  if (/^SQLITE_(READONLY|PERM|AUTH)/.test(code) || ['EROFS', 'EACCES', 'EPERM'].includes(code)) {
    return { cause, fix: `make ${dir} and its cache files writable by this user, ${elsewhere}` };
  }
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return { cause, fix: `another process held the cache's lock for over ${busyTimeoutMs} ms; let it finish (or end it) and run again` };
  }
  if (code === 'EEXIST' || code === 'ENOTDIR') return { cause, fix: `${dir} is not a directory: remove it, ${elsewhere}` };
  const odd = file ? oddCompanion(file) : undefined;
  if (odd) return { cause, fix: `${odd} is not a regular file: remove it` };
  // SQLite reports some of these as I/O errors (a -shm that cannot grow, a -wal it cannot create).
  if (file && isNearlyFull(dir)) return { cause, fix: `free disk space in ${dir} (it is full), ${elsewhere}` };
  if (file && !isWritableDir(dir)) return { cause, fix: `make ${dir} and its cache files writable by this user, ${elsewhere}` };
  return { cause, fix: `check ${dir} (disk, permissions), ${elsewhere}` };
}

/** One line: what went wrong with which file, what the build does about it, and the fix. */
export function describeStoreFault(file: string | undefined, error: unknown, busyTimeoutMs: number, quarantined?: string): string {
  const { cause, fix } = explainStoreFault(file, error, busyTimeoutMs, quarantined);
  const code = String((error as { code?: unknown }).code ?? '');
  const where = !file ? 'the cache' : code === 'EEXIST' || code === 'ENOTDIR' ? `the cache directory ${path.dirname(file)}` : `the cache ${file}`;
  return `${where}: ${cause}; continuing without it (same map, built from memory). Fix: ${fix}`;
}

/** Below this much free space SQLite cannot grow its WAL index: the disk counts as full. */
const NEARLY_FULL_BYTES = 64 * 1024;

function isNearlyFull(dir: string): boolean {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize < NEARLY_FULL_BYTES;
  } catch {
    return false;
  }
}

function isWritableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A `-wal` or `-shm` companion that is a directory or another non-file: SQLite cannot open it. */
function oddCompanion(file: string): string | undefined {
  for (const companion of [`${file}-wal`, `${file}-shm`]) {
    try {
      if (existsSync(companion) && !statSync(companion).isFile()) return companion;
    } catch {
      return companion;
    }
  }
  return undefined;
}

const NO_CHANGES: Database.RunResult = { changes: 0, lastInsertRowid: 0 };

/** A prepared statement whose reads miss and whose writes do nothing once the store degrades. */
export class GuardedStatement {
  constructor(
    private readonly statement: Database.Statement | undefined,
    private readonly health: StoreHealth,
    private readonly db: GuardedDatabase,
  ) {}

  pluck(toggle = true): this {
    this.statement?.pluck(toggle);
    return this;
  }

  raw(toggle = true): this {
    this.statement?.raw(toggle);
    return this;
  }

  get(...params: unknown[]): unknown {
    return this.read(() => this.statement!.get(...params), undefined);
  }

  all(...params: unknown[]): unknown[] {
    return this.read(() => this.statement!.all(...params), []);
  }

  run(...params: unknown[]): Database.RunResult {
    if (!this.statement || !this.health.writable) return NO_CHANGES;
    // Inside a transaction the fault must reach the transaction, so it rolls back whole.
    if (this.db.inTransaction) return this.statement.run(...params);
    try {
      return this.statement.run(...params);
    } catch (error) {
      if (!isStorageFault(error)) throw error;
      this.health.fault(error, 'write');
      return NO_CHANGES;
    }
  }

  private read<T>(work: () => T, miss: T): T {
    if (!this.statement || !this.health.readable) return miss;
    try {
      return work();
    } catch (error) {
      if (!isStorageFault(error)) throw error;
      this.health.fault(error, 'read');
      return miss;
    }
  }
}

/** The guarded database: the subset of better-sqlite3 the caches use. */
export class GuardedDatabase {
  private depth = 0;

  constructor(
    private readonly db: RawDatabase,
    readonly health: StoreHealth,
  ) {}

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  prepare(sql: string): GuardedStatement {
    if (!this.health.readable) return new GuardedStatement(undefined, this.health, this);
    try {
      return new GuardedStatement(this.db.prepare(sql), this.health, this);
    } catch (error) {
      if (!isStorageFault(error)) throw error;
      this.health.fault(error, 'read');
      return new GuardedStatement(undefined, this.health, this);
    }
  }

  /**
   * A write transaction: all of it or none of it. Once the store cannot write, the body is not
   * run at all, so bodies keep their in-memory effects (L1 updates) outside.
   */
  transaction<A extends unknown[], R>(body: (...args: A) => R): (...args: A) => R | undefined {
    const wrapped = this.db.transaction((...args: A) => {
      this.depth++;
      try {
        return body(...args);
      } finally {
        this.depth--;
      }
    });
    return (...args: A) => {
      if (!this.health.writable) return undefined;
      // Nested: the outermost transaction decides, so a fault rolls back all of it.
      if (this.inTransaction) return wrapped(...args);
      try {
        // IMMEDIATE takes the write lock up front, waiting the busy timeout for it: a deferred
        // transaction that reads first gets SQLITE_BUSY at once when it must upgrade.
        return wrapped.immediate(...args);
      } catch (error) {
        if (!isStorageFault(error)) throw error;
        this.health.fault(error, 'write');
        return undefined;
      }
    };
  }

  /** A pragma that changes the file (checkpoint, vacuum): skipped once writing stopped. */
  pragmaWrite(source: string): void {
    this.write(() => this.db.pragma(source));
  }

  /** Schema statements (indexes): skipped once writing stopped. */
  exec(sql: string): void {
    this.write(() => this.db.exec(sql));
  }

  close(): void {
    try {
      this.db.close();
    } catch (error) {
      if (!isStorageFault(error)) throw error;
      // The last checkpoint failed: the WAL keeps the data, SQLite recovers it on the next open.
    }
  }

  private write(work: () => unknown): void {
    if (!this.health.writable) return;
    try {
      work();
    } catch (error) {
      if (!isStorageFault(error)) throw error;
      this.health.fault(error, 'write');
    }
  }
}
