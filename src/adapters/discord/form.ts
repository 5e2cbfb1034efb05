import {
  ComponentType,
  TextInputStyle,
  type APIModalInteractionResponseCallbackData,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { FormField, FormValues, QuestionReply } from '../../core/types.js';
import { formModalId } from './ids.js';

type FormInput = Extract<QuestionReply['input'], { type: 'form' }>;

/** Discord's modal limits (developer docs, "Modal" and component reference). */
export const MODAL_LIMITS = {
  components: 5,
  title: 45,
  label: 45,
  placeholder: 100,
  value: 4000,
  selectOptions: 25,
  optionLabel: 100,
} as const;

const fit = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The form's fields in pages of at most five (a modal's limit), each page within one group where it can be. */
export function formPages(form: FormInput): FormField[][] {
  const pages: FormField[][] = [];
  for (const group of form.groups) {
    for (let i = 0; i < group.fields.length; i += MODAL_LIMITS.components) {
      pages.push(group.fields.slice(i, i + MODAL_LIMITS.components));
    }
  }
  return pages;
}

function component(field: FormField) {
  if (field.type === 'choice' || field.type === 'choices') {
    const options = (field.options ?? []).slice(0, MODAL_LIMITS.selectOptions);
    const picked = new Set(Array.isArray(field.value) ? field.value : field.value ? [field.value] : []);
    return {
      type: ComponentType.StringSelect,
      custom_id: field.id,
      required: false,
      min_values: 0,
      max_values: field.type === 'choices' ? options.length : 1,
      options: options.map((o) => ({
        label: fit(o.label, MODAL_LIMITS.optionLabel),
        value: o.id,
        ...(picked.has(o.id) ? { default: true } : {}),
      })),
    } as const;
  }
  const max = Math.min(field.maxLength ?? MODAL_LIMITS.value, MODAL_LIMITS.value);
  return {
    type: ComponentType.TextInput,
    custom_id: field.id,
    style: field.type === 'multiline' ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required: false,
    max_length: max,
    ...(field.placeholder ? { placeholder: fit(field.placeholder, MODAL_LIMITS.placeholder) } : {}),
    ...(typeof field.value === 'string' && field.value ? { value: field.value.slice(0, max) } : {}),
  } as const;
}

/** One page of the form as a modal: "Letter details (2/5)", labels over each field. */
export function formModal(step: string, form: FormInput, page: number): APIModalInteractionResponseCallbackData {
  const pages = formPages(form);
  const fields = pages[page] ?? [];
  const title = `${form.title} (${page + 1}/${pages.length})`;
  return {
    custom_id: formModalId(step, page),
    title: fit(title, MODAL_LIMITS.title),
    components: fields.map((field) => ({
      type: ComponentType.Label,
      label: fit(field.label, MODAL_LIMITS.label),
      component: component(field),
    })),
  };
}

/** What one page's modal sent back, by field id (an untouched select is an empty list: cleared). */
export function pageValues(interaction: ModalSubmitInteraction, fields: FormField[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    try {
      values[field.id] =
        field.type === 'choice' || field.type === 'choices'
          ? [...interaction.fields.getStringSelectValues(field.id)]
          : interaction.fields.getTextInputValue(field.id);
    } catch {
      // A field Discord did not send back is left as it was.
    }
  }
  return values;
}
