import type { AppealContext } from './context.js';

/** What the user can do with their cases by typing: `new case`, `case 2`, `rename case 2 MS clinic`, `close case`, `delete case 3`. */
export type CaseCommand =
  | { kind: 'new' }
  | { kind: 'switch'; id: number }
  | { kind: 'rename'; id?: number; name: string }
  | { kind: 'close'; id?: number }
  | { kind: 'delete'; id?: number };

function phrases(ctx: AppealContext, verb: string): string[] {
  return ctx
    .t(`appeal.cases.words.${verb}`)
    .split('|')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
}

/** The words after a command phrase (in the user's own case), or null when the text does not start with it. */
function after(text: string, phrase: string): string | null {
  const lower = text.toLowerCase();
  if (lower === phrase) return '';
  return lower.startsWith(`${phrase} `) ? text.slice(phrase.length + 1).trim() : null;
}

const caseNumber = (text: string): number | null => {
  const m = /^#?(\d{1,4})$/.exec(text.trim());
  return m ? Number(m[1]) : null;
};

/** Reads a typed case command: `new case`, `case 2`, `rename case 2 MS clinic`, `close case`, `delete case 3`. */
export function readCaseCommand(raw: string, ctx: AppealContext): CaseCommand | null {
  const text = raw
    .trim()
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ');
  if (text.length === 0 || text.length > 120) return null;
  if (phrases(ctx, 'new').includes(text.toLowerCase())) return { kind: 'new' };
  for (const phrase of phrases(ctx, 'rename')) {
    const rest = after(text, phrase);
    if (rest === null || rest === '') continue;
    const m = /^#?(\d{1,4})\s+(.+)$/.exec(rest);
    return m?.[1] && m[2] ? { kind: 'rename', id: Number(m[1]), name: m[2] } : { kind: 'rename', name: rest };
  }
  for (const kind of ['close', 'delete'] as const) {
    for (const phrase of phrases(ctx, kind)) {
      const rest = after(text, phrase);
      if (rest === null) continue;
      if (rest === '') return { kind };
      const id = caseNumber(rest);
      if (id !== null) return { kind, id };
    }
  }
  for (const phrase of phrases(ctx, 'switch')) {
    const rest = after(text, phrase);
    const id = rest ? caseNumber(rest) : null;
    if (id !== null) return { kind: 'switch', id };
  }
  return null;
}

/**
 * Why a case name cannot be kept, or null. Names label the case in lists and
 * menus, so they must not identify the patient: no dates, no long numbers
 * (member ids, record numbers), no email addresses.
 */
export function nameProblem(name: string): 'length' | 'identifier' | null {
  if (name.length === 0 || name.length > 60) return 'length';
  if (/\d{4,}|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|@/.test(name)) return 'identifier';
  return null;
}
