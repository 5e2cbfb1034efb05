import Fuse from 'fuse.js';

/**
 * Matching what people type ("BCBS of Texas", "ocrevis", "they said the dose is
 * too high") to knowledge ids. A whole-word alias in the text is a sure match;
 * anything else is a guess the flow must confirm. Never a wrong confident match.
 */
export type MatchResult =
  | { kind: 'sure'; id: string }
  /** Best first; the flow asks "did you mean…?". */
  | { kind: 'guess'; ids: string[] }
  | { kind: 'none' };

export interface MatchEntry {
  id: string;
  /** Names that make a sure match when they appear as whole words. */
  names: string[];
  /** Known misspellings: matched, but always confirmed. */
  misspellings?: string[];
}

const MAX_GUESSES = 3;
/** Fuse scores run 0 (perfect) to 1; above this a candidate is noise. */
const GUESS_THRESHOLD = 0.34;

export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9.+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface IndexedName {
  id: string;
  name: string;
  misspelling: boolean;
}

export class Matcher {
  private readonly names: IndexedName[];
  private readonly fuse: Fuse<IndexedName>;

  constructor(entries: MatchEntry[]) {
    this.names = entries.flatMap((e) => [
      ...e.names.map((n) => ({ id: e.id, name: normalize(n), misspelling: false })),
      ...(e.misspellings ?? []).map((n) => ({ id: e.id, name: normalize(n), misspelling: true })),
    ]);
    // Longest names first, so "bcbs of texas" wins over "bcbs".
    this.names.sort((a, b) => b.name.length - a.name.length);
    this.fuse = new Fuse(this.names, { keys: ['name'], includeScore: true, threshold: GUESS_THRESHOLD, ignoreLocation: true });
  }

  match(text: string): MatchResult {
    const query = normalize(text);
    if (query.length === 0) return { kind: 'none' };
    const padded = ` ${query} `;
    const whole = this.names.filter((n) => padded.includes(` ${n.name} `));
    if (whole.length > 0) {
      const longest = whole[0]!.name.length;
      const best = unique(whole.filter((n) => n.name.length === longest).map((n) => n.id));
      const sure = whole.filter((n) => n.name.length === longest && !n.misspelling);
      if (best.length === 1 && sure.length > 0) return { kind: 'sure', id: best[0]! };
      return { kind: 'guess', ids: unique(whole.map((n) => n.id)).slice(0, MAX_GUESSES) };
    }
    return this.guess(query);
  }

  private guess(query: string): MatchResult {
    // Search the whole text and each longer word, so "ocrevis infusion" still finds "ocrevus".
    const words = query.split(' ').filter((w) => w.length >= 4);
    const queries = unique([query, ...words]).slice(0, 12);
    const scored = new Map<string, number>();
    for (const q of queries) {
      if (q.length < 3) continue;
      for (const hit of this.fuse.search(q.slice(0, 64), { limit: 10 })) {
        const score = hit.score ?? 1;
        // Penalise big length differences: "med" should not confidently match "medicaid managed care".
        const lengthGap = Math.abs(hit.item.name.length - q.length) / Math.max(hit.item.name.length, q.length);
        const adjusted = score + lengthGap * 0.3;
        if (adjusted > GUESS_THRESHOLD) continue;
        const previous = scored.get(hit.item.id);
        if (previous === undefined || adjusted < previous) scored.set(hit.item.id, adjusted);
      }
    }
    const ids = [...scored.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
    return ids.length > 0 ? { kind: 'guess', ids: ids.slice(0, MAX_GUESSES) } : { kind: 'none' };
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
