import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from 'discord.js';
import type { Translator } from '../../core/i18n.js';
import { MODAL_INPUT_ID, modalId, type AnswerKind } from './ids.js';

/** Discord's modal limits: title ≤ 45, label ≤ 45, a text input holds ≤ 4000 characters. */
const MAX_LENGTH: Record<AnswerKind, number> = { text: 4000, date: 100, other: 200 };

/** The one-field form that replaces typing where the bot cannot read typed text (and offers it in DMs too). */
export function answerModal(step: string, answer: AnswerKind, t: Translator): APIModalInteractionResponseCallbackData {
  return {
    custom_id: modalId(step, answer),
    title: t('discord.modal.title').slice(0, 45),
    components: [
      {
        type: ComponentType.Label,
        label: t(`discord.modal.label.${answer}`).slice(0, 45),
        component: {
          type: ComponentType.TextInput,
          custom_id: MODAL_INPUT_ID,
          style: TextInputStyle.Short,
          required: true,
          min_length: 1,
          max_length: MAX_LENGTH[answer],
          placeholder: t(`discord.modal.placeholder.${answer}`).slice(0, 100),
        },
      },
    ],
  };
}
