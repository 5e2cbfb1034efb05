import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** The only way flows learn the date: injectable so tests and `--today` can fix it. */
export interface Clock {
  /** Today's calendar date (YYYY-MM-DD) where the user is assumed to be. */
  today(): string;
  now(): Date;
}

/** The real clock; "today" is read in `timeZone` (an IANA name) or the process's zone. */
export function systemClock(timeZone?: string): Clock {
  return {
    today: () => format(timeZone ? new TZDate(Date.now(), timeZone) : new Date(), 'yyyy-MM-dd'),
    now: () => new Date(),
  };
}

/** A clock stuck on one calendar day (tests, `--today`). */
export function fixedClock(today: string): Clock {
  return { today: () => today, now: () => new Date(`${today}T12:00:00Z`) };
}
