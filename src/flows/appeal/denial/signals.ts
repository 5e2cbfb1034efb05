import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load } from 'js-yaml';
import { z } from 'zod';
import { DEFAULT_KNOWLEDGE_DIR } from '../domain/knowledge.js';
import { normalize } from '../domain/match.js';

/** knowledge/denial-letters.yaml: the notice wording that tells the plan type and the stage. */
const phrase = z.string().min(2);
const source = z.string().min(5);
const schema = z
  .object({
    planSignals: z.array(z.object({ phrase, plan: z.string(), weight: z.number().positive(), source }).strict()),
    appealDecisionPhrases: z.array(z.object({ phrase, source }).strict()),
  })
  .strict();

export interface LetterSignals {
  plan: Array<{ phrase: string; plan: string; weight: number }>;
  appealDecision: string[];
}

const cache = new Map<string, LetterSignals>();

export function loadLetterSignals(dir: string = DEFAULT_KNOWLEDGE_DIR): LetterSignals {
  const cached = cache.get(dir);
  if (cached) return cached;
  const raw = schema.parse(load(readFileSync(`${dir}/denial-letters.yaml`, 'utf8'), { schema: CORE_SCHEMA }));
  const signals: LetterSignals = {
    plan: raw.planSignals.map((s) => ({ phrase: normalize(s.phrase), plan: s.plan, weight: s.weight })),
    appealDecision: raw.appealDecisionPhrases.map((p) => normalize(p.phrase)),
  };
  cache.set(dir, signals);
  return signals;
}
