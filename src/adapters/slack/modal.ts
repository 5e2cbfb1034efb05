import type { types } from '@slack/bolt';
import type { FormField, FormValues, QuestionReply } from '../../core/types.js';
import { fit, plain } from './blocks.js';

type FormInput = Extract<QuestionReply['input'], { type: 'form' }>;
type View = types.ModalView;

/** The callback id of the details modal; its private metadata is the step id only, never a value. */
export const FORM_CALLBACK = 'ov_form';
const FIELD_BLOCK = 'f';
const FIELD_ACTION = 'v';

/** Slack's modal limits (docs.slack.dev: modal views, input block, plain-text input, select menus). */
export const MODAL_LIMITS = {
  title: 24,
  button: 24,
  blocks: 100,
  label: 2000,
  header: 150,
  inputMaxLength: 3000,
  placeholder: 150,
  options: 100,
  optionText: 75,
  privateMetadata: 3000,
} as const;

function option(choice: { id: string; label: string }): types.PlainTextOption {
  return { text: plain(choice.label, MODAL_LIMITS.optionText), value: choice.id };
}

function element(field: FormField): types.InputBlockElement {
  const placeholder = field.placeholder ? { placeholder: plain(field.placeholder, MODAL_LIMITS.placeholder) } : {};
  if (field.type === 'choice' || field.type === 'choices') {
    const options = (field.options ?? []).slice(0, MODAL_LIMITS.options).map(option);
    const picked = options.filter((o) => (Array.isArray(field.value) ? field.value : [field.value]).includes(o.value));
    if (field.type === 'choice')
      return {
        type: 'static_select',
        action_id: FIELD_ACTION,
        options,
        ...(picked[0] ? { initial_option: picked[0] } : {}),
      };
    return {
      type: 'multi_static_select',
      action_id: FIELD_ACTION,
      options,
      ...(picked.length > 0 ? { initial_options: picked } : {}),
    };
  }
  const max = Math.min(field.maxLength ?? MODAL_LIMITS.inputMaxLength, MODAL_LIMITS.inputMaxLength);
  return {
    type: 'plain_text_input',
    action_id: FIELD_ACTION,
    max_length: max,
    ...(field.type === 'multiline' ? { multiline: true } : {}),
    ...(typeof field.value === 'string' ? { initial_value: field.value.slice(0, max) } : {}),
    ...placeholder,
  };
}

/** The details form as a Slack modal: a header per group, one optional input block per field. */
export function formModal(step: string, form: FormInput, note: string | undefined): View {
  const blocks: types.KnownBlock[] = [];
  if (note) blocks.push({ type: 'context', elements: [{ type: 'plain_text', text: fit(note, 2000) }] });
  for (const group of form.groups) {
    blocks.push({ type: 'header', text: plain(group.title, MODAL_LIMITS.header) });
    for (const field of group.fields) {
      blocks.push({
        type: 'input',
        block_id: `${FIELD_BLOCK}|${field.id}`,
        optional: true,
        label: plain(field.label, MODAL_LIMITS.label),
        element: element(field),
      });
    }
  }
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: step,
    title: plain(form.title, MODAL_LIMITS.title),
    submit: plain(form.submitLabel, MODAL_LIMITS.button),
    blocks: blocks.slice(0, MODAL_LIMITS.blocks),
  };
}

interface SubmittedValue {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: Array<{ value: string }>;
}

/** Field id → what was typed or picked, from a `view_submission`'s `view.state.values`. */
export function submittedValues(state: Record<string, Record<string, SubmittedValue>>): FormValues {
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(state)) {
    const [kind, field] = blockId.split('|');
    const value = actions[FIELD_ACTION];
    if (kind !== FIELD_BLOCK || !field || !value) continue;
    // An input left empty comes back as null: it clears what was given before.
    if (value.type === 'multi_static_select') values[field] = (value.selected_options ?? []).map((o) => o.value);
    else if (value.type === 'static_select') values[field] = value.selected_option?.value ?? '';
    else values[field] = value.value ?? '';
  }
  return values;
}
