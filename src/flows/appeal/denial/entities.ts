import type { Knowledge } from '../domain/knowledge.js';
import { normalize } from '../domain/match.js';
import { DENIAL_WORDS, LABELS, NOT_THE_FIELD } from './labels.js';
import { hasPhrase, type LetterLine, sourceOf } from './letter-text.js';
import type { LetterSignals } from './signals.js';
import type { FoundField } from './types.js';

/** Lines this close to the top are the letterhead and the header block. */
const HEADER_LINES = 12;

interface Scored {
  id: string;
  score: number;
  line: LetterLine;
  lineScore: number;
}

function tally(into: Map<string, Scored>, id: string, score: number, line: LetterLine): void {
  const previous = into.get(id);
  if (!previous) into.set(id, { id, score, line, lineScore: score });
  else {
    previous.score += score;
    if (score > previous.lineScore) Object.assign(previous, { line, lineScore: score });
  }
}

function ranked(scores: Map<string, Scored>): Scored[] {
  return [...scores.values()].sort((a, b) => b.score - a.score || a.line.index - b.line.index);
}

/** Confidence from the margin over the runner-up: a clear winner is sure, a close race is a guess. */
function confidence(top: Scored, second: Scored | undefined, strong: number): number {
  const margin = second ? (top.score - second.score) / top.score : 1;
  const strength = Math.min(1, top.score / strong);
  return Math.round((0.5 + 0.5 * margin * strength) * 100) / 100;
}

const startsWithLabel = (line: LetterLine, labels: readonly string[]) =>
  labels.some((l) => line.words.startsWith(` ${normalize(l)} `));

/**
 * The plan that wrote the letter. A pharmacy benefit manager often writes for the
 * plan ("Express Scripts, on behalf of Cigna"): the plan it names is the insurer.
 */
export function findInsurer(lines: LetterLine[], k: Knowledge): FoundField | undefined {
  const scores = new Map<string, Scored>();
  for (const line of lines) {
    const hits = k.match.insurer.namesIn(line.text);
    for (const hit of hits) {
      const insurer = k.insurers.get(hit.id);
      if (!insurer) continue;
      let score = line.index < HEADER_LINES ? 3 : 1;
      if (/on behalf of|for your plan|your (health )?plan|plan name|health plan:|insurer:/i.test(line.text)) score += 2;
      if (hit.broad) score *= 0.5;
      if (insurer.kind === 'pbm') score *= 0.3;
      else if (insurer.kind === 'government') score *= 0.6;
      tally(scores, hit.id, score, line);
    }
  }
  const [top, second] = ranked(scores);
  if (!top) return undefined;
  return {
    id: top.id,
    value: k.insurers.get(top.id)?.name ?? top.id,
    confidence: confidence(top, second, 4),
    source: sourceOf(top.line),
  };
}

export interface DrugFinding {
  field?: FoundField;
  /** Two or more drugs requested with the same weight: the user says which. */
  choices?: string[];
}

/** The drug the letter denies: named on a "Drug requested" line or in the decision, not among the alternatives. */
export function findDrug(lines: LetterLine[], k: Knowledge): DrugFinding {
  const scores = new Map<string, Scored>();
  const requested = new Set<string>();
  for (const line of lines) {
    const hits = k.match.drug.namesIn(line.text);
    if (hits.length === 0) continue;
    const labeled =
      startsWithLabel(line, LABELS.drug) || /request(ed)? for|denied|not approve|cannot approve/i.test(line.text);
    const alternative = NOT_THE_FIELD.drug.test(line.text);
    const ids = [...new Set(hits.map((h) => h.id))];
    for (const id of ids) {
      let score = labeled ? 3 : 1;
      if (alternative && !startsWithLabel(line, LABELS.drug)) score *= 0.2;
      if (line.index < HEADER_LINES * 2) score *= 1.5;
      tally(scores, id, score, line);
      if (labeled && !alternative && startsWithLabel(line, LABELS.drug)) requested.add(id);
    }
  }
  const [top, second] = ranked(scores);
  if (!top) return {};
  if (requested.size > 1) {
    const choices = ranked(scores)
      .filter((s) => requested.has(s.id))
      .map((s) => s.id)
      .slice(0, 5);
    return { choices };
  }
  const drug = k.drugs.get(top.id);
  if (!drug) return {};
  return {
    field: {
      id: top.id,
      value: drug.brand,
      confidence: confidence(top, second, 4),
      source: sourceOf(top.line),
    },
  };
}

interface PhraseSet {
  id: string;
  phrases: Array<{ words: string; weight: number }>;
}

/** Generic reasons every coverage letter mentions; a specific reason named beside them wins. */
const GENERIC_REASONS = new Set(['prior-authorization', 'medical-necessity']);

function reasonPhrases(k: Knowledge): PhraseSet[] {
  return [...k.reasons.values()].map((r) => ({
    id: r.id,
    phrases: [
      ...r.insurerWording.map((w) => ({ words: normalize(w), weight: 3 })),
      // One-word keywords ("limit", "step") are everywhere in a letter's boilerplate.
      ...[r.name, ...r.keywords]
        .map(normalize)
        .filter((w) => w.includes(' '))
        .map((words) => ({ words, weight: 1 })),
    ],
  }));
}

const phraseCache = new WeakMap<Knowledge, PhraseSet[]>();

/** The denial reason, from the plan's own wording, weighed up in the lines that give the reason. */
export function findReason(lines: LetterLine[], k: Knowledge): FoundField | undefined {
  let sets = phraseCache.get(k);
  if (!sets) {
    sets = reasonPhrases(k);
    phraseCache.set(k, sets);
  }
  const scores = new Map<string, Scored>();
  let inReason = false;
  for (const line of lines) {
    if (/\b(reason|why we|because|rationale|explanation|we denied|was denied|decision)\b/i.test(line.text))
      inReason = true;
    else if (
      /\b(what you can do|how to appeal|your right|you have the right|next steps|if you disagree)\b/i.test(line.text)
    )
      inReason = false;
    for (const set of sets) {
      for (const p of set.phrases) {
        if (!hasPhrase(line, p.words)) continue;
        let score = p.weight * (inReason ? 2 : 0.5);
        if (GENERIC_REASONS.has(set.id)) score *= 0.5;
        tally(scores, set.id, score, line);
      }
    }
  }
  const [top, second] = ranked(scores);
  if (!top) return undefined;
  return {
    id: top.id,
    value: k.reasons.get(top.id)?.name ?? top.id,
    confidence: confidence(top, second, 4),
    source: sourceOf(top.line),
  };
}

/** The plan type, from the notice's title and the rights it must state; a Medicaid program name counts too. */
export function findPlan(
  lines: LetterLine[],
  k: Knowledge,
  signals: LetterSignals,
  insurerId: string | undefined,
): FoundField | undefined {
  const scores = new Map<string, Scored>();
  for (const line of lines) {
    for (const s of signals.plan) if (hasPhrase(line, s.phrase)) tally(scores, s.plan, s.weight, line);
  }
  const insurer = insurerId ? k.insurers.get(insurerId) : undefined;
  const onlyPlan = insurer?.planTypes.length === 1 ? insurer.planTypes[0] : undefined;
  if (insurer?.kind === 'government' && onlyPlan) {
    const line = lines.find((l) => k.match.insurer.namesIn(l.text).some((h) => h.id === insurerId));
    if (line) tally(scores, onlyPlan, 4, line);
  }
  const [top, second] = ranked(scores);
  if (!top || !k.planTypes.has(top.id)) return undefined;
  return {
    id: top.id,
    value: k.planTypes.get(top.id)?.name ?? top.id,
    confidence: confidence(top, second, 6),
    source: sourceOf(top.line),
  };
}

/** Whether the letter decides an appeal (the plan upheld its denial) or is a first denial. */
export function findStage(lines: LetterLine[], signals: LetterSignals): FoundField {
  // A first denial explains the appeal to come ("you may ask … after our appeal decision"): not a decision.
  const line = lines.find(
    (l) =>
      !/\b(you have the right|you may|you can|if you|after)\b/i.test(l.text) &&
      signals.appealDecision.some((p) => hasPhrase(l, p)),
  );
  if (line) return { id: 'appeal-denied', value: 'appeal-denied', confidence: 0.9, source: sourceOf(line) };
  const denial = lines.find((l) => DENIAL_WORDS.test(l.text));
  return { id: 'first', value: 'first', confidence: 0.75, source: denial ? sourceOf(denial) : '' };
}
