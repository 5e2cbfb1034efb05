import { readdirSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers every thread of this process but the calling one (the event loop) to at least `nice` (Linux;
 * elsewhere nothing). The pool's own threads lower themselves, but V8 collects their heaps on the
 * process's shared helper threads, which run at the event loop's priority: on two cores a burst of that
 * work took both cores while an acknowledgement waited (docs/benchmarks.md, "Fixed: the pool's garbage
 * collection ran at the event loop's priority").
 */
export function lowerOtherThreads(nice: number): void {
  if (process.platform !== 'linux' || nice <= 0) return;
  let self: string | undefined;
  let threads: string[];
  try {
    self = readlinkSync('/proc/thread-self').split('/').pop();
    threads = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const tid of threads) {
    if (tid === self) continue;
    try {
      if (getPriority(Number(tid)) < nice) setPriority(Number(tid), nice);
    } catch {
      // The thread ended between the listing and now.
    }
  }
}

/**
 * Sets the calling thread to `nice` (Linux, where a priority belongs to a thread; elsewhere nothing).
 * Absolute, unlike piscina's increment: a sweep of `lowerOtherThreads` that reaches a new thread first
 * cannot make it end lower still.
 */
export function lowerThisThread(nice: number): void {
  if (process.platform !== 'linux' || !(nice > 0)) return;
  try {
    if (getPriority() < nice) setPriority(nice);
  } catch {
    // Not allowed here (a sandbox): the thread keeps its priority.
  }
}

/** The priority `increment` below the calling thread's (Linux: a thread's own; at most 19, the lowest). */
export function niceBelowThisThread(increment: number): number {
  let own = 0;
  try {
    own = getPriority();
  } catch {
    // Unreadable: counted from the default priority.
  }
  return Math.min(19, own + increment);
}
