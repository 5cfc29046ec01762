/**
 * Runs async jobs one after another, in the order they were queued. A RepoSession is not
 * re-entrant (a refresh must not start while a map reads the index), so everything that drives
 * one — a watcher's updates, a server's calls — goes through one queue. A job that fails fails
 * only its own caller; the next job still runs.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Settles once every job queued so far has. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
