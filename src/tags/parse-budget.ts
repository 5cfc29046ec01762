/**
 * The time one tree's parse and tags query may take (`--parse-budget`), counted in the parsing
 * thread's CPU time where the OS tells it (see thread-cpu.ts), else in wall-clock time. On a
 * loaded machine a thread waits for a core; counting that wait would skip big files that parse
 * fine (and remember them as timed out): 37 of the kernel's biggest files at load 11.
 *
 * The check runs in tree-sitter's progress callback, thousands of times a parse, so it looks at
 * the wall clock first (a thread never gets more CPU time than wall time) and reads its CPU
 * time (~50 µs) only once the wall clock is past the budget, then again no sooner than the CPU
 * time left could have run out.
 */
import { CPU_TICK_MS, ownThreadCpuMs } from './thread-cpu.js';

/**
 * A budget's start is bounded by this thread's last CPU reading if it is at most this old
 * (older: read again), so starting a budget reads /proc at most ~10 times a second however many
 * small files the thread parses; the budget may then run up to this much CPU time late.
 */
const START_READING_MAX_AGE_MS = 100;
/** Least wall time between two CPU readings of one budget. */
const RECHECK_MIN_MS = 20;

/** This thread's last CPU reading: null where there is none to be had. */
let lastReading: { wall: number; cpu: number } | null | undefined;

function readCpu(now: number): { wall: number; cpu: number } | null {
  const cpu = ownThreadCpuMs();
  lastReading = cpu === undefined ? null : { wall: now, cpu };
  return lastReading;
}

export type BudgetClock = 'cpu' | 'wall';

/** A parse-timeout skip's detail: how long, and by which clock. */
export function parseTimeoutDetail(ms: number, clock: BudgetClock): string {
  return `parsing took over ${Math.round(ms)} ms${clock === 'cpu' ? ' of CPU time' : ''}`;
}

export class ParseBudget {
  readonly clock: BudgetClock;
  /** At least this thread's CPU time when the budget started (undefined: wall clock only). */
  private readonly cpuAtStart: number | undefined;
  /** performance.now() time before which the budget cannot be spent. */
  private checkAt: number;
  private spent = false;

  constructor(readonly ms: number) {
    const now = performance.now();
    this.checkAt = now + ms;
    const reading = lastReading === null ? null : lastReading && now - lastReading.wall <= START_READING_MAX_AGE_MS ? lastReading : readCpu(now);
    // Since the reading the thread ran at most the wall time passed, and a reading is up to a tick short.
    this.cpuAtStart = reading ? reading.cpu + (now - reading.wall) + CPU_TICK_MS : undefined;
    this.clock = reading ? 'cpu' : 'wall';
  }

  /** Whether the budget is spent; once it is, it stays spent. */
  exceeded(): boolean {
    if (this.spent) return true;
    const now = performance.now();
    if (now <= this.checkAt) return false;
    const reading = this.cpuAtStart === undefined ? null : readCpu(now);
    const left = reading ? this.ms - (reading.cpu - this.cpuAtStart!) : 0;
    if (left <= 0) {
      this.spent = true;
      return true;
    }
    this.checkAt = now + Math.max(left, RECHECK_MIN_MS);
    return false;
  }
}
