import type { Knowledge, StateHelp } from './knowledge.js';
import { plusMonths, type CalendarDate } from './calendar.js';

/** What the user's words say about their state: a sure state, several to pick from, or nothing. */
export type StateLookup =
  | { kind: 'sure'; code: string; via: 'code' | 'name' | 'zip' }
  | { kind: 'guess'; codes: string[] }
  | { kind: 'none' };

const ZIP = /\b(\d{5})(?:-\d{4})?\b/;
const CODE = /^(?:state\s+(?:of\s+)?)?([a-z]{2})$/i;

/** The state whose run of ZIP codes holds `zip` (knowledge.zipRanges, from scripts/zip-states.ts). */
function zipState(zip: string, k: Knowledge): string | undefined {
  const ranges = k.zipRanges;
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const range = ranges[mid];
    if (!range) return undefined;
    if (zip < range[0]) high = mid - 1;
    else if (zip > range[1]) low = mid + 1;
    else return range[2];
  }
  return undefined;
}

/** Reads a state from a two-letter code, a name ("New York", "mass") or a ZIP code. */
export function findState(text: string, k: Knowledge): StateLookup {
  const trimmed = text.trim();
  const code = CODE.exec(trimmed)?.[1]?.toUpperCase();
  if (code && k.states.has(code)) return { kind: 'sure', code, via: 'code' };
  const zip = ZIP.exec(trimmed)?.[1];
  if (zip) {
    const state = zipState(zip, k);
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
    for (const [i, f] of p.foundations.entries()) check(`support-programs.yaml (${p.drug}) foundations[${i}]`, f);
  }
  return stale;
}
