import { readFileSync } from 'node:fs';
import { processThreads } from '../../test/helpers/threads.js';

/** CPU time (ms) of a process's threads: its event loop, the threads at a lower priority, the others. */
export interface ThreadCpu {
  loop: number;
  lowered: number;
  normal: number;
}

/**
 * This process's threads' CPU time by kind, from /proc (Linux; null elsewhere): the event loop; the
 * threads at a lower priority (the worker pool's, and with it V8's helpers); and the rest at the event
 * loop's priority, which compete with it for the two cores.
 */
export function threadCpuMs(): ThreadCpu | null {
  try {
    const split = { loop: 0, lowered: 0, normal: 0 };
    for (const thread of processThreads()) {
      if (thread.tid === process.pid) split.loop += thread.cpuMs;
      else if (thread.nice > 0) split.lowered += thread.cpuMs;
      else split.normal += thread.cpuMs;
    }
    return split;
  } catch {
    return null;
  }
}

/**
 * The times the event loop was held up (a 5 ms timer ran more than 15 ms late), summed: how long, and from
 * its thread's schedstat (Linux) how much of that it ran (our code or its own garbage collection), waited
 * for a core another thread or process had, and spent in garbage-collection pauses (which may also wait
 * on V8's helper threads).
 */
export interface HeldUp {
  times: number;
  ms: number;
  ranMs: number;
  waitedForCoreMs: number;
  gcMs: number;
}

const TICK_MS = 5;
const LATE_MS = 15;

/** Starts watching the event loop; `take()` returns what it saw since the last take. */
export function watchHeldUp(): { gcPause(startTime: number, duration: number): void; take(): HeldUp | null } {
  const schedstat = (): [number, number] | null => {
    try {
      const [ran, waited] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
      return [Number(ran) / 1e6, Number(waited) / 1e6];
    } catch {
      return null;
    }
  };
  const empty = (): HeldUp => ({ times: 0, ms: 0, ranMs: 0, waitedForCoreMs: 0, gcMs: 0 });
  let held = empty();
  let pauses: Array<[number, number]> = [];
  let lastTick = performance.now();
  let last = schedstat();
  setInterval(() => {
    const now = performance.now();
    const sched = schedstat();
    if (now - lastTick - TICK_MS > LATE_MS && sched && last) {
      const from = lastTick;
      held.times += 1;
      held.ms += now - from;
      held.ranMs += sched[0] - last[0];
      held.waitedForCoreMs += sched[1] - last[1];
      held.gcMs += pauses.reduce(
        (sum, [start, end]) => sum + Math.max(0, Math.min(end, now) - Math.max(start, from)),
        0,
      );
    }
    pauses = pauses.filter(([, end]) => end > now - 1000);
    lastTick = now;
    last = sched;
  }, TICK_MS).unref();
  return {
    gcPause: (startTime, duration) => pauses.push([startTime, startTime + duration]),
    take: () => {
      if (!last) return null;
      const taken = held;
      held = empty();
      return taken;
    },
  };
}
