import type { Translator } from '../../core/i18n.js';
import type { FormField, FormValues, QuestionReply } from '../../core/types.js';
import {
  actionSet,
  textBlock,
  type CardAction,
  type CardElement,
  type ChoiceSetInput,
  type TextInput,
} from './cards.js';

type FormInput = Extract<QuestionReply['input'], { type: 'form' }>;

/** Input ids carry this prefix, so Teams' merged submit data keeps form fields apart from the button's own keys. */
export const FORM_INPUT_PREFIX = 'f_';
/** Adaptive Cards show a plain-text input's typed text up to this length without trouble; the flow cuts longer text. */
const MAX_INPUT = 4000;

function input(field: FormField, t: Translator): CardElement {
  const id = `${FORM_INPUT_PREFIX}${field.id}`;
  if (field.type === 'choice' || field.type === 'choices') {
    const set: ChoiceSetInput = {
      type: 'Input.ChoiceSet',
      id,
      label: field.label,
      style: field.type === 'choices' ? 'expanded' : 'compact',
      choices: (field.options ?? []).map((o) => ({ title: o.label, value: o.id })),
      errorMessage: t('teams.errors.choice'),
      ...(field.type === 'choices' ? { isMultiSelect: true } : {}),
      ...(field.value ? { value: Array.isArray(field.value) ? field.value.join(',') : field.value } : {}),
    };
    return set;
  }
  const text: TextInput = {
    type: 'Input.Text',
    id,
    label: field.label,
    maxLength: Math.min(field.maxLength ?? MAX_INPUT, MAX_INPUT),
    errorMessage: t('teams.errors.tooLong', { count: Math.min(field.maxLength ?? MAX_INPUT, MAX_INPUT) }),
    ...(field.type === 'multiline' ? { isMultiline: true } : {}),
    ...(field.placeholder ? { placeholder: field.placeholder } : {}),
    ...(typeof field.value === 'string' ? { value: field.value } : {}),
  };
  return text;
}

/** The whole form on the card: every field optional, grouped under headings, then Save and Skip. */
export function formElements(step: string, form: FormInput, t: Translator): CardElement[] {
  const body: CardElement[] = [];
  for (const group of form.groups) {
    body.push(textBlock(group.title, { weight: 'Bolder', separator: true, spacing: 'Medium' }));
    body.push(...group.fields.map((field) => input(field, t)));
  }
  const buttons: CardAction[] = [
    { type: 'Action.Submit', title: form.submitLabel, data: { step, form: 'submit' }, style: 'positive' },
    { type: 'Action.Submit', title: form.skip.label, data: { step, choice: form.skip.id }, associatedInputs: 'none' },
  ];
  return [...body, actionSet(buttons)];
}

/** The form's values from a card submit: only the prefixed keys (a multi-select arrives comma-separated). */
export function formValues(value: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [key, raw] of Object.entries(value)) {
    if (key.startsWith(FORM_INPUT_PREFIX) && typeof raw === 'string') values[key.slice(FORM_INPUT_PREFIX.length)] = raw;
  }
  return values;
}
