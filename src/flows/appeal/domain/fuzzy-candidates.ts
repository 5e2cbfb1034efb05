import Fuse, { type FuseResult, type IFuseOptions } from 'fuse.js';

/**
 * The names a fuzzy search could possibly find for a query, so the search scores only those: Fuse
 * tries every name (about 4 µs each), and with 1,700 drug names an unrecognized sentence took up to
 * 30 ms of the event loop.
 *
 * Why it loses nothing: Fuse's bitap search finds the query in a name when some part of the name is
 * within k edits of it, with k at most `threshold × length` (with `ignoreLocation`, the score is
 * edits ÷ length). By the q-gram lemma, a string of length m within k edits of another keeps at least
 * m − 1 − 2k of its m − 1 two-letter pieces (bigrams) in it, so a name holding fewer of them cannot
 * match. A query longer than 32 characters is searched by Fuse in 32-character chunks, any of which
 * may match; a name is kept when any chunk could.
 */

/** Fuse's bitap works on at most this many characters at a time. */
const CHUNK = 32;

/** The chunks Fuse searches for a query, as its BitapSearch cuts them. */
function chunks(query: string): string[] {
  if (query.length <= CHUNK) return [query];
  const out: string[] = [];
  for (let at = 0; at + CHUNK <= query.length; at += CHUNK) out.push(query.slice(at, at + CHUNK));
  if (query.length % CHUNK !== 0) out.push(query.slice(-CHUNK));
  return out;
}

export class FuzzyCandidates {
  /** For each bigram, the positions of the names holding it (each once). */
  private readonly postings = new Map<string, number[]>();
  private readonly counts: Int32Array;

  constructor(
    names: readonly string[],
    /** Fuse's threshold: the largest share of the query's characters that may be edited. */
    private readonly threshold: number,
  ) {
    this.counts = new Int32Array(names.length);
    names.forEach((name, index) => {
      for (const bigram of new Set(bigramsOf(name))) {
        const list = this.postings.get(bigram);
        if (list) list.push(index);
        else this.postings.set(bigram, [index]);
      }
    });
  }

  /** Positions of the names that may match `query` (lower case, as Fuse compares), in order; null when all may. */
  of(query: string): number[] | null {
    const kept = new Set<number>();
    for (const chunk of chunks(query)) {
      const edits = Math.floor(this.threshold * chunk.length + 1e-9);
      const needed = chunk.length - 1 - 2 * edits;
      if (needed <= 0) return null;
      this.counts.fill(0);
      for (const bigram of bigramsOf(chunk)) {
        for (const index of this.postings.get(bigram) ?? []) this.counts[index] = (this.counts[index] ?? 0) + 1;
      }
      this.counts.forEach((count, index) => {
        if (count >= needed) kept.add(index);
      });
    }
    return [...kept].sort((a, b) => a - b);
  }
}

/** Fuse's settings for a guess: matched anywhere in a name, at most `threshold` of the query's characters edited. */
export function guessOptions<T extends { name: string }>(threshold: number): IFuseOptions<T> {
  return { keys: ['name'], includeScore: true, threshold, ignoreLocation: true };
}

/**
 * Fuse's best matches for a query, scored only among the items `FuzzyCandidates` keeps: the same
 * results as Fuse over every item. Both indexes are built on the first search, not at start-up.
 */
export class FuzzySearch<T extends { name: string }> {
  private index?: { fuse: Fuse<T>; candidates: FuzzyCandidates };

  constructor(
    private readonly items: readonly T[],
    private readonly threshold: number,
  ) {}

  search(query: string, limit: number): Array<FuseResult<T>> {
    this.index ??= {
      fuse: new Fuse(this.items, guessOptions<T>(this.threshold)),
      candidates: new FuzzyCandidates(
        this.items.map((item) => item.name),
        this.threshold,
      ),
    };
    const kept = this.index.candidates.of(query);
    if (kept === null) return this.index.fuse.search(query, { limit });
    if (kept.length === 0) return [];
    // In the items' own order, so ties between equal scores fall as they do over the whole list.
    return new Fuse(
      kept.flatMap((index) => this.items[index] ?? []),
      guessOptions<T>(this.threshold),
    ).search(query, { limit });
  }
}

/** Every two-letter piece of the text, once per position. */
function bigramsOf(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < text.length; i += 1) out.push(text.slice(i, i + 2));
  return out;
}
