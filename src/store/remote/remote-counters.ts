/** What the remote tier did in one run: flushed into the `counters` table as cache `remote`. */

export interface RemoteCounterValues {
  /** Keys asked for and found (and checked out), and not found. */
  hits: number;
  misses: number;
  /** Values that failed their checksum or decoding: ignored, the file parsed instead. */
  corrupt: number;
  /** Calls that failed or timed out. */
  errors: number;
  bytesIn: number;
  bytesOut: number;
  /** Entries handed to the server for writing. */
  writes: number;
  /** Round trips made, and their total time (mean latency = latencyMs / calls). */
  calls: number;
  latencyMs: number;
}

export const REMOTE_COUNTER_NAMES = ['hits', 'misses', 'corrupt', 'errors', 'bytesIn', 'bytesOut', 'writes', 'calls', 'latencyMs'] as const;

export function emptyRemoteCounters(): RemoteCounterValues {
  return { hits: 0, misses: 0, corrupt: 0, errors: 0, bytesIn: 0, bytesOut: 0, writes: 0, calls: 0, latencyMs: 0 };
}
