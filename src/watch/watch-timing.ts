/** The watcher's timing constants, in a leaf module so the CLI can show defaults without loading the watcher. */

/**
 * How long events must pause before an update starts. An editor's save (temp file + rename) or
 * one `git checkout` arrives as a burst a few milliseconds long; 50 ms folds it into one update
 * and still leaves the map ready well before an agent's next turn.
 */
export const SETTLE_MS = 50;
/** A steady stream of events (a long build writing into the tree) still yields an update this often. */
export const MAX_SETTLE_MS = 1000;
/**
 * chokidar drops a file's change events for 50 ms after it reported one (and its own file watch
 * for 5 ms after each system event). A path whose last event is younger than this when an update
 * starts is looked at again by the next update, so a dropped event's write is never missed: the
 * update that lets the path go runs after the window that could have dropped one.
 */
export const CHANGE_THROTTLE_GUARD_MS = 60;
/** Polling interval when the system's inotify limit is reached: ~1 stat per file per second. */
export const POLL_INTERVAL_MS = 1000;
/** A sync cookie not seen within this long means the event source is stuck. */
export const COOKIE_TIMEOUT_MS = 5000;
