import type { Reply } from '../../core/types.js';
import type { AppealContext } from './context.js';
import type { AppealCase } from './domain/appeal-case.js';

/**
 * What the next level needs besides its deadlines. A Medicare Advantage plan
 * that upholds its denial on reconsideration sends the case to the
 * Independent Review Entity itself: the user files nothing then, but should
 * know what to watch for (the rule comes from the plan type's own note).
 */
export function nextLevelReplies(c: AppealCase, ctx: AppealContext): Reply[] {
  if (c.answers.stage !== 'appeal-denied' || c.rulesPlanType.regime !== 'medicare-c') return [];
  const rule = c.rulesPlanType.notes.find((n) => n.id === 'ma-ire-automatic');
  if (!rule) return [];
  return [{ kind: 'text', tone: 'info', text: ctx.t('appeal.nextLevel.maWatch', { citation: rule.citation }) }];
}
