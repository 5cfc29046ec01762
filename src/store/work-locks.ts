/**
 * Locks on a batch of work shared by the processes of one cache (SPEC B1; no stampede):
 * rows of the meta table `lock:<name>` holding an owner and an expiry. Claiming succeeds when
 * no live row exists: absent, expired (a crashed holder blocks nobody past its expiry), or held by
 * a process of this machine that no longer exists (a killed build blocks nobody at all). The
 * holder extends its rows while it works and deletes them when its results are stored.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { SqliteDatabase } from './database.js';

const PREFIX = 'lock:';

export class WorkLocks {
  /** This process's identity as a lock owner. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  private readonly claimRow;
  private readonly takeOverRow;
  private readonly selectRow;
  private readonly releaseRow;
  private readonly extendRows;

  constructor(
    db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.claimRow = db.prepare(
      "INSERT INTO meta (key, value) VALUES (?, json_object('owner', ?, 'expires', ?)) " +
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE json_extract(meta.value, '$.expires') <= ?",
    );
    this.takeOverRow = db.prepare("UPDATE meta SET value = json_object('owner', ?, 'expires', ?) WHERE key = ? AND json_extract(value, '$.owner') = ?");
    this.selectRow = db.prepare("SELECT json_extract(value, '$.expires') AS expires, json_extract(value, '$.owner') AS owner FROM meta WHERE key = ?");
    this.releaseRow = db.prepare("DELETE FROM meta WHERE key = ? AND json_extract(value, '$.owner') = ?");
    this.extendRows = db.prepare(
      "UPDATE meta SET value = json_set(value, '$.expires', ?) WHERE key >= 'lock:' AND key < 'lock;' AND json_extract(value, '$.owner') = ?",
    );
  }

  /** True when this process now holds the lock for ttlMs. */
  claim(name: string, ttlMs: number): boolean {
    const now = this.now();
    if (this.claimRow.run(PREFIX + name, this.owner, now + ttlMs, now).changes === 1) return true;
    const row = this.selectRow.get(PREFIX + name) as LockRow | undefined;
    return row !== undefined && isGone(row.owner) && this.takeOverRow.run(this.owner, now + ttlMs, PREFIX + name, row.owner).changes === 1;
  }

  /** True while someone holds the lock: it has not expired and its holder still exists. */
  isHeld(name: string): boolean {
    const row = this.selectRow.get(PREFIX + name) as LockRow | undefined;
    return row !== undefined && row.expires > this.now() && !isGone(row.owner);
  }

  /** Pushes back the expiry of every lock this process holds. */
  extend(ttlMs: number): void {
    this.extendRows.run(this.now() + ttlMs, this.owner);
  }

  release(name: string): void {
    this.releaseRow.run(PREFIX + name, this.owner);
  }
}

interface LockRow {
  expires: number;
  owner: string;
}

/**
 * True when the owner is a process of this machine that no longer exists. An owner on another
 * machine (a cache directory on a shared disk), or one whose pid is alive or was reused, is
 * left to its expiry.
 */
function isGone(owner: string): boolean {
  const parts = owner.split(':');
  const pid = parts.at(-2);
  if (parts.slice(0, -2).join(':') !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
