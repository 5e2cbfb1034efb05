import type { Effect, Reply } from '../../core/types.js';
import type { AppealContext } from './context.js';
import { buildAppealLetter, buildPeerToPeerSheet, DOCX_MIME } from './letter/index.js';
import { authorQuestion } from './questions.js';
import type { AppealState } from './state.js';
import { caseFromState } from './summary.js';
import { defaultAuthor, withVoice } from './voice.js';

/** Runs the appeal flow's effects for the engine (the only async work a turn does). */
export async function runAppealEffect(effect: Effect, state: AppealState, plainCtx: AppealContext): Promise<Reply[]> {
  if (effect.type !== 'build-letter' && effect.type !== 'build-peer-to-peer') return [];
  const ctx = withVoice(plainCtx, state.voice);
  const appeal = caseFromState(state, ctx);
  if (effect.type === 'build-peer-to-peer') {
    const sheet = await buildPeerToPeerSheet({ appeal, t: ctx.t, today: ctx.today });
    return [
      {
        kind: 'file',
        fileName: sheet.fileName,
        mimeType: DOCX_MIME,
        bytes: sheet.bytes,
        caption: ctx.t('appeal.peerToPeer.caption'),
      },
      authorQuestion(state, ctx, 'appeal.author.again'),
    ];
  }
  const letter = await buildAppealLetter({
    appeal,
    author: state.answers.author ?? defaultAuthor(state.voice),
    ...(state.profile ? { practice: state.profile } : {}),
    ...(ctx.organisation ? { organisation: ctx.organisation } : {}),
    t: ctx.t,
    today: ctx.today,
  });
  return [
    {
      kind: 'file',
      fileName: letter.fileName,
      mimeType: DOCX_MIME,
      bytes: letter.bytes,
      caption: ctx.t('appeal.letter.caption'),
    },
    authorQuestion(state, ctx, 'appeal.author.again'),
  ];
}
