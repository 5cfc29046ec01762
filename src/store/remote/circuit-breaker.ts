/**
 * Keeps a slow or broken remote from costing more than a bounded delay: every call races a
 * timeout, and after a few consecutive failures the breaker opens for the rest of the run, so
 * no further call is made. The first failure is reported once (the caller warns); a build never
 * fails because of the remote.
 */

/**
 * Consecutive failures before the breaker opens. Batches run in parallel, so one outage fails
 * several at once; three in a row is an outage, not a dropped packet.
 */
export const BREAKER_FAILURE_THRESHOLD = 3;

export class RemoteTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} timed out after ${ms} ms`);
  }
}

export class CircuitBreaker {
  private failures = 0;
  private opened = false;
  /** The first failure's message, for the one warning. */
  firstFailure: string | undefined;

  constructor(private readonly onFirstFailure: (message: string) => void = () => undefined) {}

  get isOpen(): boolean {
    return this.opened;
  }

  /** Opens at once (e.g. the connection was refused: no call can succeed). */
  open(message: string): void {
    this.fail(message);
    this.opened = true;
  }

  /** Runs `work` with a timeout; undefined when the breaker is open or the call failed. */
  async call<T>(what: string, timeoutMs: number, work: () => Promise<T>): Promise<T | undefined> {
    if (this.opened) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        // The timer fires in the loop's timers phase, before the poll phase reads sockets: after
        // this thread was busy (parsing), a reply may be waiting unread. setImmediate runs after
        // the poll phase, so such a reply wins and only a server that did not answer times out.
        // The timer fires in the loop's timers phase, before the poll phase reads sockets: after
        // this thread was busy (parsing), a reply may be waiting unread. setImmediate runs after
        // the poll phase, so such a reply wins and only a server that did not answer times out.
        timer = setTimeout(() => setImmediate(() => reject(new RemoteTimeoutError(what, timeoutMs))), timeoutMs);
      });
      const result = await Promise.race([work(), timeout]);
      this.failures = 0;
      return result;
    } catch (error) {
      this.fail(`${what}: ${(error as Error).message}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private fail(message: string): void {
    if (this.firstFailure === undefined) {
      this.firstFailure = message;
      this.onFirstFailure(message);
    }
    if (++this.failures >= BREAKER_FAILURE_THRESHOLD) this.opened = true;
  }
}
