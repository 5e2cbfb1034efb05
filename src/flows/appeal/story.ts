import type { AppealContext } from './context.js';
import { drugDisplay } from './questions.js';
import type { Answers } from './state.js';

/** Longest name we keep from free text (as in the flow). */
const MAX_NAME = 200;

export interface Story {
  /** Answers the message gives for sure (never a guess). */
  answers: Pick<Answers, 'drug' | 'reason'>;
  /** Each as "- Drug: Ocrevus (ocrelizumab)", for the confirmation. */
  noted: string[];
}

/**
 * The drug and the denial reason named in a message typed at the first
 * question, when the user tells the whole story at once. Only sure matches
 * count: anything the flow would have to confirm is left for its own question.
 */
export function storyAnswers(text: string, ctx: AppealContext): Story {
  const k = ctx.knowledge;
  const t = ctx.t;
  const answers: Story['answers'] = {};
  const noted: string[] = [];
  const drug = k.match.drug.sure(text);
  if (drug) {
    const name = drugDisplay(ctx, drug);
    answers.drug = { id: drug, text: name.slice(0, MAX_NAME) };
    noted.push(`- ${t('appeal.summary.facts.drug')}: ${name}`);
  }
  const reason = k.match.reason.sure(text);
  if (reason) {
    answers.reason = { id: reason };
    noted.push(`- ${t('appeal.summary.facts.reason')}: ${k.reasons.get(reason)?.name ?? reason}`);
  }
  return { answers, noted };
}
