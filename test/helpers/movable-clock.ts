import { UTCDate } from '@date-fns/utc';
import { format } from 'date-fns';
import type { Clock } from '../../src/core/clock.js';

/** A clock tests move by hand; "today" is read in UTC. */
export interface MovableClock extends Clock {
  /** Moves to an instant such as `2026-08-16T16:00:00Z`. */
  set(iso: string): void;
}

export function movableClock(start: string): MovableClock {
  let current = Date.parse(start);
  return {
    today: () => format(new UTCDate(current), 'yyyy-MM-dd'),
    now: () => new Date(current),
    set: (iso) => {
      current = Date.parse(iso);
    },
  };
}
