/**
 * CPU time of one thread, where the OS tells it (Linux: /proc), so a parse budget counts the
 * parsing thread's own work and not the time it waited for a core on a loaded machine. Every
 * function returns undefined where the OS does not tell (no /proc): callers then fall back to
 * wall-clock time.
 */
import { readFileSync, readlinkSync } from 'node:fs';

/**
 * Clock ticks per second of /proc's utime and stime (`getconf CLK_TCK`): USER_HZ, which Linux
 * fixes at 100 for user space on every architecture Node runs on.
 */
const CLOCK_TICKS_PER_SECOND = 100;

/** The resolution of the CPU times below: a reading may be up to this much short of the truth. */
export const CPU_TICK_MS = 1000 / CLOCK_TICKS_PER_SECOND;

/** Milliseconds of CPU (user + system) in a /proc `stat` line; undefined when unreadable. */
function cpuMsOfStat(path: string): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces, so split after its closing paren):
  // state is field 3, utime field 14 and stime field 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
}

/** CPU milliseconds the calling thread has used (~30–60 µs a read: call it sparingly). */
export function ownThreadCpuMs(): number | undefined {
  return cpuMsOfStat('/proc/thread-self/stat');
}

/** The calling thread's OS id, for another thread of this process to read its CPU time. */
export function ownThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

let ownClock: boolean | undefined;

/** Whether this thread can read its own CPU time (asked once per thread). */
export function hasThreadCpuClock(): boolean {
  ownClock ??= ownThreadCpuMs() !== undefined;
  return ownClock;
}

/** CPU milliseconds used so far by the thread `tid` of this process. */
export function threadCpuMs(tid: number): number | undefined {
  return cpuMsOfStat(`/proc/self/task/${tid}/stat`);
}
