import Fuse from 'fuse.js';
import { describe, expect, it } from 'vitest';
import { FuzzyCandidates, guessOptions } from '../../src/flows/appeal/domain/fuzzy-candidates.js';
import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import { GUESS_THRESHOLD, normalize } from '../../src/flows/appeal/domain/match.js';
import { loadCorpus } from './corpus.js';
import { searchedNames } from './names.js';

const k = loadKnowledge();
const lists = searchedNames(k);

/** A small seeded generator, so a failure names a query that can be run again. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** The name with `edits` random substitutions, insertions or deletions: the typos people make. */
function misspell(name: string, edits: number, next: () => number): string {
  let text = name;
  for (let e = 0; e < edits; e += 1) {
    const at = Math.floor(next() * (text.length + 1));
    const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(next() * 26)] ?? 'e';
    const kind = next();
    if (kind < 0.34) text = text.slice(0, at) + letter + text.slice(at + 1);
    else if (kind < 0.67) text = text.slice(0, at) + letter + text.slice(at);
    else text = text.slice(0, at) + text.slice(at + 1);
  }
  return text;
}

describe('fuzzy candidates', () => {
  for (const [list, names] of Object.entries(lists) as Array<[keyof typeof lists, string[]]>) {
    const fuse = new Fuse(
      names.map((name) => ({ name })),
      guessOptions(GUESS_THRESHOLD),
    );
    const candidates = new FuzzyCandidates(names, GUESS_THRESHOLD);

    it(`keep every ${list} name Fuse finds, for typos, sentences and the phrasing corpus`, () => {
      const next = random(20261130);
      // A sample (Fuse scoring every name is the slow part this removes): a tenth of the names with one
      // to three typos, thirty sentences longer than Fuse's 32-character chunks, and half the corpus.
      const queries = [
        ...names.filter((_, i) => i % 10 === 0).map((n) => misspell(n, 1 + Math.floor(next() * 3), next)),
        ...names
          .filter((_, i) => i % Math.ceil(names.length / 30) === 0)
          .map((n, i) => `they denied it under ${misspell(n, 1, next)} ${names[(i * 7) % names.length]}`),
        ...loadCorpus()
          .filter((p, i) => i % 2 === 0 && p.kind === (list === 'drugs' ? 'drug' : 'insurer'))
          .map((p) => p.text),
        'not medically necessary',
        'help',
        'employer plan',
      ]
        .map((q) => normalize(q).slice(0, 64))
        .filter((q) => q.length >= 3);
      let pruned = 0;
      const lost: string[] = [];
      for (const query of queries) {
        const kept = candidates.of(query);
        if (kept === null) continue;
        pruned += names.length - kept.length;
        const keep = new Set(kept);
        for (const hit of fuse.search(query)) {
          if (!keep.has(hit.refIndex)) lost.push(`${query} → ${hit.item.name}`);
        }
      }
      expect(lost).toEqual([]);
      // And it does prune: on average most names are never scored.
      expect(pruned / queries.length).toBeGreaterThan(names.length / 2);
    }, 60_000);
  }

  it('keep every name when a query is too short to rule any out', () => {
    expect(new FuzzyCandidates(['cigna', 'aetna'], GUESS_THRESHOLD).of('xyz')).toBeNull();
  });
});
