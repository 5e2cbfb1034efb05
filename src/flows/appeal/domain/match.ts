import { FuzzySearch } from './fuzzy-candidates.js';

/**
 * Matching what people type ("BCBS of Texas", "ocrevis", "they said the dose is
 * too high") to knowledge ids. A whole-word name in the text is a sure match;
 * anything else is a guess the flow must confirm. Never a wrong confident match:
 * when the text names two different entries, or a name shared by several
 * entries, the flow asks.
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
  /** Known misspellings and names shared with other entries: matched, but always confirmed. */
  misspellings?: string[];
  /** Broad names ("tricare", "medicaid"): sure alone, ignored beside a more specific name ("humana military tricare"). */
  broad?: string[];
  /** Vague names ("medicare", "united"): confirmed alone, ignored beside a more specific name ("uhc medicare"). */
  vague?: string[];
}

export interface MatcherOptions {
  /**
   * What to do when the text names two different entries ("humira, now skyrizi"):
   * `ask` returns a guess of both; `longest` keeps the longest name (for small
   * word lists such as yes/no, where the longer phrase is the meant one).
   */
  whenSeveral?: 'ask' | 'longest';
}

const MAX_GUESSES = 3;
/** Fuse scores run 0 (perfect) to 1; above this a candidate is noise. */
export const GUESS_THRESHOLD = 0.34;

export function normalize(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[’']/g, '')
      .replace(/[^a-z0-9.+]+/g, ' ')
      // A dot stays only inside a word ("healthcare.gov", "2.4"): "ozempic." is "ozempic".
      .replace(/(?<![a-z0-9])\.|\.(?![a-z0-9])/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

interface IndexedName {
  id: string;
  name: string;
  /** Matched only with the user's confirmation. */
  misspelling: boolean;
  /** Ignored when a more specific name is also in the text. */
  broad: boolean;
}

interface Hit extends IndexedName {
  start: number;
  end: number;
}

/**
 * Every place a name occurs as whole words in the padded query, in the order of
 * `names` and then by position. Only names whose first word starts at one of
 * the query's word boundaries are tried, so the cost follows the length of the
 * text, not the size of the knowledge base.
 */
function findHits(padded: string, names: IndexedName[], byFirstWord: Map<string, number[]>): Hit[] {
  const found: Array<{ index: number; at: number }> = [];
  // The query is normalized: words are separated by exactly one space, and `padded` starts and ends with one.
  for (let at = 0, end = padded.indexOf(' ', 1); end > 0; at = end, end = padded.indexOf(' ', end + 1)) {
    for (const index of byFirstWord.get(padded.slice(at + 1, end)) ?? []) {
      const candidate = names[index];
      if (candidate && padded.startsWith(` ${candidate.name} `, at)) found.push({ index, at });
    }
  }
  found.sort((a, b) => a.index - b.index || a.at - b.at);
  return found.flatMap(({ index, at }) => {
    const n = names[index];
    return n ? [{ ...n, start: at + 1, end: at + 1 + n.name.length }] : [];
  });
}

const firstWord = (name: string) => name.split(' ', 1)[0] ?? name;

/** Drops hits that lie inside a longer hit: "blue cross" inside "anthem blue cross". */
function outermost(hits: Hit[]): Hit[] {
  return hits.filter(
    (h) => !hits.some((o) => o.end - o.start > h.end - h.start && o.start <= h.start && o.end >= h.end),
  );
}

/** The text as a literal inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Matcher {
  private readonly names: IndexedName[];
  /** Positions in `names` by each name's first word. */
  private readonly byFirstWord = new Map<string, number[]>();
  private readonly known: Set<string>;
  private readonly fuzzy: FuzzySearch<IndexedName>;
  private readonly whenSeveral: 'ask' | 'longest';

  constructor(entries: MatchEntry[], options: MatcherOptions = {}) {
    this.whenSeveral = options.whenSeveral ?? 'longest';
    const index = (id: string, list: string[] | undefined, misspelling: boolean, broad: boolean) =>
      (list ?? []).map((n) => ({ id, name: normalize(n), misspelling, broad }));
    this.names = entries
      .flatMap((e) => [
        ...index(e.id, e.names, false, false),
        ...index(e.id, e.misspellings, true, false),
        ...index(e.id, e.broad, false, true),
        ...index(e.id, e.vague, true, true),
      ])
      .filter((n) => n.name.length > 0);
    // Longest names first, so "bcbs of texas" wins over "bcbs".
    this.names.sort((a, b) => b.name.length - a.name.length);
    this.names.forEach((n, index) => {
      const word = firstWord(n.name);
      this.byFirstWord.set(word, [...(this.byFirstWord.get(word) ?? []), index]);
    });
    this.known = new Set(this.names.map((n) => n.name));
    this.fuzzy = new FuzzySearch(this.names, GUESS_THRESHOLD);
  }

  /**
   * Every certain name found in a longer text (a line of a letter), outermost first by position:
   * no guesses and no misspellings, for reading documents rather than answers.
   */
  namesIn(text: string): Array<{ id: string; name: string; broad: boolean; start: number }> {
    const query = normalize(text);
    if (query.length === 0) return [];
    return outermost(findHits(` ${query} `, this.names, this.byFirstWord))
      .map((h) => this.guardSuffix(h, text))
      .filter((h) => !h.misspelling)
      .sort((a, b) => a.start - b.start)
      .map(({ id, name, broad, start }) => ({ id, name, broad, start }));
  }

  match(text: string): MatchResult {
    const query = normalize(text);
    if (query.length === 0) return { kind: 'none' };
    return this.named(query, text) ?? this.guess(query);
  }

  /**
   * The entry the text names for certain, without the fuzzy guess `match` falls back to: for
   * picking answers out of a whole story, where a guess would not be asked about anyway.
   */
  sure(text: string): string | null {
    const query = normalize(text);
    const named = query.length > 0 ? this.named(query, text) : null;
    return named?.kind === 'sure' ? named.id : null;
  }

  /** What the whole-word names found in the text decide, or null when none is found. */
  private named(query: string, text: string): MatchResult | null {
    const found = outermost(findHits(` ${query} `, this.names, this.byFirstWord)).map((h) => this.guardSuffix(h, text));
    const specific = found.filter((h) => !h.broad);
    const hits = specific.length > 0 ? specific : found;
    if (hits.length === 0) return null;
    return this.whenSeveral === 'ask' ? this.decideAsking(hits) : this.decideLongest(hits);
  }

  /**
   * "adalimumab-adaz" is a different product from "adalimumab": a name followed by
   * an unknown hyphenated suffix (how the FDA names biosimilars) is only a guess.
   */
  private guardSuffix(hit: Hit, text: string): Hit {
    if (hit.misspelling || hit.name.includes(' ')) return hit;
    const suffix = new RegExp(`(?:^|[^a-z0-9])${escapeRegExp(hit.name)}-([a-z]{3,5})(?![a-z0-9])`).exec(
      text.toLowerCase(),
    );
    if (suffix && !this.known.has(`${hit.name} ${suffix[1]}`)) return { ...hit, misspelling: true };
    return hit;
  }

  private decideLongest(hits: Hit[]): MatchResult {
    const longest = Math.max(...hits.map((h) => h.name.length));
    const top = hits.filter((h) => h.name.length === longest);
    const best = unique(top.map((n) => n.id));
    const [only] = best;
    if (best.length === 1 && only !== undefined && top.some((h) => !h.misspelling)) return { kind: 'sure', id: only };
    return { kind: 'guess', ids: unique([...top, ...hits].map((n) => n.id)).slice(0, MAX_GUESSES) };
  }

  /** Sure only when one entry is named for certain and every other name found also fits it. */
  private decideAsking(hits: Hit[]): MatchResult {
    const ordered = [...hits].sort((a, b) => b.name.length - a.name.length || a.start - b.start);
    const ids = unique(ordered.map((h) => h.id));
    const sureIds = unique(ordered.filter((h) => !h.misspelling).map((h) => h.id));
    const [id] = sureIds;
    if (sureIds.length === 1 && id !== undefined) {
      const byName = new Map<string, Set<string>>();
      for (const h of ordered)
        byName.set(`${h.start}:${h.name}`, (byName.get(`${h.start}:${h.name}`) ?? new Set()).add(h.id));
      if ([...byName.values()].every((owners) => owners.has(id))) return { kind: 'sure', id };
    }
    return { kind: 'guess', ids: [...sureIds, ...ids.filter((i) => !sureIds.includes(i))].slice(0, MAX_GUESSES) };
  }

  private guess(query: string): MatchResult {
    // Search the whole text and each longer word, so "ocrevis infusion" still finds "ocrevus".
    const words = query.split(' ').filter((w) => w.length >= 4);
    const queries = unique([query, ...words]).slice(0, 12);
    const scored = new Map<string, number>();
    for (const q of queries) {
      if (q.length < 3) continue;
      for (const hit of this.fuzzy.search(q.slice(0, 64), 10)) {
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
