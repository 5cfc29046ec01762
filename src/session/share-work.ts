/**
 * No stampede: when several builds need the same work done at once (processes sharing one
 * cache on this machine, or clones on several machines sharing a team cache), one does it and
 * the others wait for its results. Two kinds of work are locked: a map (named by its map key,
 * so builds of the same request print the first one's map) and the missing tags of a build
 * (named by the hash of every tag key it looks up, so a build that starts while another has
 * already stored part of the work still finds its lock). A lock is a SQLite row (WorkLocks)
 * and, with a team cache, a Redis key set with NX. The holder extends its local lock while it
 * works; a crashed holder's locks expire, after which a waiter does whatever is still missing.
 */
import { createHash } from 'node:crypto';
import type { WorkLocks } from '../store/work-locks.js';
import { tagKeyString, type TagCache, type TagKey } from '../store/tag-cache.js';
import { lookupTags, type RemoteTier } from './remote-tier.js';

/** Below this many missing files, parsing them is cheaper than coordinating. */
export const SHARE_MIN_FILES = 32;
/**
 * A local lock lives this long without being extended. The holder extends it every third of
 * that (from the main thread, which is free while workers parse); a holder that died frees its
 * waiters after at most this long.
 */
export const WORK_LOCK_TTL_MS = 30_000;
/**
 * The team cache's lock is not extended (the store has no such call): it covers a long cold
 * build; a holder slower than this lets waiters start on what is still missing.
 */
export const REMOTE_LOCK_TTL_MS = 120_000;
/** How often a waiter looks whether the holder is done. */
const WAIT_POLL_MS = 100;

export interface SharedWork {
  /** Tags another build stored while this one waited, keyed by tagKeyString. */
  found: Map<string, string>;
  /**
   * Called as files are parsed: keeps the lock alive. (Parsing on the main thread starves the
   * heartbeat timer, so progress extends the lock too.)
   */
  touch(): void;
  /** Frees the waiters: call once the parsed tags are stored (locally and queued remotely). */
  release(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The lock name of the work of looking up (and parsing what is missing of) these keys. */
export function workName(keys: readonly TagKey[]): string {
  const hash = createHash('sha1');
  for (const key of keys.map(tagKeyString).sort()) hash.update(key).update('\n');
  return `tags:${hash.digest('hex')}`;
}

/**
 * The lock name of a first build into an empty cache (see RepoSession: it hashes in its
 * workers, so it has no tag keys to name its work by): the repository it reads.
 */
export const firstBuildWork = (root: string): string => `first-build:${root}`;

/**
 * One build's turn at a piece of work: `waited` when another build held it and is now done (or
 * its lock ran out), so the results should be looked up again; otherwise this build does the
 * work. Either way, `release` once the results are stored.
 */
export interface WorkTurn {
  waited: boolean;
  /** Keeps the local lock alive while the holder works (see SharedWork.touch). */
  touch(): void;
  release(): Promise<void>;
}

/**
 * Takes the lock named `name` (locally, then on the team cache), or waits while another build
 * holds it. Waiting ends when the holder releases it or its lock expires: a crashed holder
 * never blocks anyone past the timeout, and a killed one on this machine not at all.
 * `onWait` is told once when this build starts waiting.
 */
export async function takeTurn(locks: WorkLocks, remote: RemoteTier | undefined, name: string, onWait?: () => void): Promise<WorkTurn> {
  const alone: WorkTurn = { waited: false, touch: () => undefined, release: async () => undefined };
  let claimed: boolean;
  try {
    claimed = locks.claim(name, WORK_LOCK_TTL_MS);
  } catch {
    // A cache that cannot take a lock (read-only, in trouble): work alone.
    return alone;
  }
  if (!claimed) {
    onWait?.();
    await waitWhile(async () => {
      try {
        return locks.isHeld(name);
      } catch {
        return false;
      }
    });
    return { waited: true, touch: () => undefined, release: async () => undefined };
  }
  const releaseLocal = (): void => {
    try {
      locks.release(name);
    } catch {
      // expires on its own
    }
  };
  if (remote && !(await remote.claimLock(name, REMOTE_LOCK_TTL_MS))) {
    // Another machine is on it: the local waiters wait for that one too (we keep the local lock
    // until our caller has stored what the other machine produced).
    onWait?.();
    await waitWhile(() => remote.isLockHeld(name));
    return { waited: true, touch: () => undefined, release: async () => releaseLocal() };
  }
  let extended = Date.now();
  const extend = (): void => {
    extended = Date.now();
    try {
      locks.extend(WORK_LOCK_TTL_MS);
    } catch {
      // the lock then expires on its own
    }
  };
  const heartbeat = setInterval(extend, WORK_LOCK_TTL_MS / 3);
  heartbeat.unref();
  return {
    waited: false,
    touch: () => {
      if (Date.now() - extended > WORK_LOCK_TTL_MS / 3) extend();
    },
    release: async () => {
      clearInterval(heartbeat);
      releaseLocal();
      await remote?.releaseLock(name);
    },
  };
}

export async function shareWork(
  locks: WorkLocks,
  remote: RemoteTier | undefined,
  name: string,
  keys: readonly TagKey[],
  lookup: (keys: readonly TagKey[]) => Promise<Map<string, string>>,
): Promise<SharedWork> {
  const turn = await takeTurn(locks, remote, name);
  if (!turn.waited) return { found: new Map(), touch: turn.touch, release: turn.release };
  // Another build parsed them: take its results (lookup stores them locally), then free ours.
  const found = await lookup(keys);
  await turn.release();
  return { found, touch: () => undefined, release: async () => undefined };
}

async function waitWhile(held: () => boolean | Promise<boolean>): Promise<void> {
  while (await held()) await sleep(WAIT_POLL_MS);
}

/**
 * For compute-map: the files still to parse after the caches are shared work; what another
 * build stored meanwhile becomes a cache source. Undefined when there is nothing to share.
 */
export async function shareMissingTags(
  tagCache: TagCache | undefined,
  locks: WorkLocks | undefined,
  remote: RemoteTier | undefined,
  lookups: ReadonlyArray<{ relPath: string; key: TagKey }>,
  sources: Map<string, { from: string } | { from: 'cache'; key: string; data: string }>,
): Promise<SharedWork | undefined> {
  if (!tagCache || !locks) return undefined;
  const missing = lookups.filter(({ relPath }) => sources.get(relPath)?.from === 'parse');
  if (missing.length < SHARE_MIN_FILES) return undefined;
  const name = workName(lookups.map(({ key }) => key));
  const shared = await shareWork(locks, remote, name, missing.map(({ key }) => key), (keys) => lookupTags(tagCache, remote, keys));
  for (const { relPath, key } of missing) {
    const data = shared.found.get(tagKeyString(key));
    if (data !== undefined) sources.set(relPath, { from: 'cache', key: tagKeyString(key), data });
  }
  return {
    found: shared.found,
    touch: () => shared.touch(),
    release: async () => {
      // Parsed tags still queued for the team cache go out before its lock is freed.
      remote?.sendQueued();
      await shared.release();
    },
  };
}
