/**
 * Locks on a batch of work shared by the processes of one cache (SPEC B1; no stampede):
 * rows of the meta table `lock:<name>` holding an owner and an expiry. Claiming succeeds when
 * no live row exists (absent, or expired: a crashed holder blocks nobody past its expiry); the
 * holder extends its rows while it works and deletes them when its results are stored.
 */
import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from './database.js';

const PREFIX = 'lock:';

export class WorkLocks {
  /** This process's identity as a lock owner. */
  readonly owner = `${process.pid}:${randomBytes(6).toString('hex')}`;
  private readonly claimRow;
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
    this.selectRow = db.prepare("SELECT json_extract(value, '$.expires') FROM meta WHERE key = ?").pluck();
    this.releaseRow = db.prepare("DELETE FROM meta WHERE key = ? AND json_extract(value, '$.owner') = ?");
    this.extendRows = db.prepare(
      "UPDATE meta SET value = json_set(value, '$.expires', ?) WHERE key >= 'lock:' AND key < 'lock;' AND json_extract(value, '$.owner') = ?",
    );
  }

  /** True when this process now holds the lock for ttlMs. */
  claim(name: string, ttlMs: number): boolean {
    const now = this.now();
    return this.claimRow.run(PREFIX + name, this.owner, now + ttlMs, now).changes === 1;
  }

  /** True while someone holds the lock and it has not expired. */
  isHeld(name: string): boolean {
    const expires = this.selectRow.get(PREFIX + name) as number | undefined;
    return expires !== undefined && expires > this.now();
  }

  /** Pushes back the expiry of every lock this process holds. */
  extend(ttlMs: number): void {
    this.extendRows.run(this.now() + ttlMs, this.owner);
  }

  release(name: string): void {
    this.releaseRow.run(PREFIX + name, this.owner);
  }
}
