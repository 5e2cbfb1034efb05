import { createRequire } from 'node:module';
import type { Knowledge, StateHelp } from './knowledge.js';
import { plusMonths, type CalendarDate } from './calendar.js';

/** What the user's words say about their state: a sure state, several to pick from, or nothing. */
export type StateLookup =
  | { kind: 'sure'; code: string; via: 'code' | 'name' | 'zip' }
  | { kind: 'guess'; codes: string[] }
  | { kind: 'none' };

const ZIP = /\b(\d{5})(?:-\d{4})?\b/;
const CODE = /^(?:state\s+(?:of\s+)?)?([a-z]{2})$/i;

interface ZipCodes {
  lookup(zip: string): { state: string; country: string } | undefined;
}
let zipcodes: ZipCodes | undefined;

/** The ZIP database (about 5 MB) loads on the first ZIP code typed, not at start-up. */
function zipState(zip: string): string | undefined {
  const loaded: ZipCodes = zipcodes ?? createRequire(import.meta.url)('zipcodes');
  zipcodes = loaded;
  const found = loaded.lookup(zip);
  return found?.country === 'US' ? found.state : undefined;
}

/** Reads a state from a two-letter code, a name ("New York", "mass") or a ZIP code. */
export function findState(text: string, k: Knowledge): StateLookup {
  const trimmed = text.trim();
  const code = CODE.exec(trimmed)?.[1]?.toUpperCase();
  if (code && k.states.has(code)) return { kind: 'sure', code, via: 'code' };
  const zip = ZIP.exec(trimmed)?.[1];
  if (zip) {
    const state = zipState(zip);
    return state && k.states.has(state) ? { kind: 'sure', code: state, via: 'zip' } : { kind: 'none' };
  }
  const named = k.match.state.match(trimmed);
  if (named.kind === 'sure') return { kind: 'sure', code: named.id, via: 'name' };
  if (named.kind === 'guess') return { kind: 'guess', codes: named.ids };
  return { kind: 'none' };
}

export function stateByCode(code: string | undefined, k: Knowledge): StateHelp | undefined {
  return code ? k.states.get(code) : undefined;
}

/** A fact older than this must be checked again at its source before it ships. */
export const STALE_AFTER_MONTHS = 18;

/** Every `checked` date in the state and program data older than 18 months before `today`. */
export function staleFacts(k: Knowledge, today: CalendarDate): string[] {
  const limit = plusMonths(today, -STALE_AFTER_MONTHS, 'last-day-of-month');
  const stale: string[] = [];
  const check = (where: string, fact: { checked: string } | undefined) => {
    if (fact && fact.checked < limit)
      stale.push(`${where}: checked ${fact.checked}, older than ${STALE_AFTER_MONTHS} months`);
  };
  for (const s of k.states.values()) {
    check(`states.yaml (${s.code}) consumerAssistance`, s.consumerAssistance);
    check(`states.yaml (${s.code}) insuranceDepartment`, s.insuranceDepartment);
    check(`states.yaml (${s.code}) externalReview`, s.externalReview);
    check(`states.yaml (${s.code}) medicaidFairHearing`, s.medicaidFairHearing);
  }
  for (const p of k.supportPrograms.values()) {
    check(`support-programs.yaml (${p.drug}) program`, p.program);
    check(`support-programs.yaml (${p.drug}) bridgeSupply`, p.bridgeSupply);
    check(`support-programs.yaml (${p.drug}) copayHelp`, p.copayHelp);
    p.foundations.forEach((f, i) => check(`support-programs.yaml (${p.drug}) foundations[${i}]`, f));
  }
  return stale;
}
