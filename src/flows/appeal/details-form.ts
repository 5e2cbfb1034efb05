import type { Choice, FormField, FormGroup, FormValues, QuestionReply } from '../../core/types.js';
import type { AppealContext } from './context.js';
import type { Drug } from './domain/knowledge.js';
import {
  ADDRESS_FIELDS,
  cleanDetails,
  isLineField,
  isTextField,
  LINE_FIELDS,
  MAX_TRIED,
  type LetterDetails,
  type TextField,
} from './letter/details.js';
import { detailsWithPractice } from './letter/writer.js';
import type { AppealState } from './state.js';

/** The question's step id, echoed back with the submitted form. */
export const DETAILS_STEP = 'details';
export const SKIP = 'skip';
const CLASS = 'class';
const OTHER = 'other';

type Author = 'patient' | 'care-team';

/** The form's groups and their fields, by who signs (the care team's letter has no patient contact or representative). */
type Group = [string, Array<TextField | 'approvedUse' | 'tried'>];

function layout(author: Author): Group[] {
  const patient = author === 'patient';
  const representative: Group[] = patient
    ? [['representative', ['representativeName', 'representativeRelationship', 'representativePhone']]]
    : [];
  return [
    [
      'patient',
      patient
        ? ['patientName', 'dateOfBirth', 'patientAddress', 'patientPhone', 'patientEmail']
        : ['patientName', 'dateOfBirth'],
    ],
    ['plan', ['memberId', 'groupNumber', 'claimNumber', 'policyNumber', 'appealsAddress']],
    ['prescriber', ['prescriberName', 'practiceName', 'practiceAddress', 'practicePhone', 'practiceFax']],
    ...representative,
    ['treatment', ['approvedUse', 'tried', 'triedOther', 'triedWhen', 'triedWhy']],
  ];
}

/** Fields whose catalog entry has a placeholder (where on their papers to look, or an example). */
const WITH_PLACEHOLDER = new Set([
  'dateOfBirth',
  'memberId',
  'groupNumber',
  'claimNumber',
  'policyNumber',
  'appealsAddress',
  'prescriberName',
  'representativeName',
  'triedWhen',
  'triedWhy',
]);

const useId = (index: number) => `u${index}`;
const triedId = (index: number) => `t${index}`;

/** The drug's usual alternatives from the knowledge base: its own list, else the other drugs of its class. */
export function alternativeNames(ctx: AppealContext, drug: Drug | undefined): string[] {
  if (!drug) return [];
  const display = (d: Drug) => `${d.brand} (${d.generic})`;
  if (drug.alternatives) {
    const known = drug.alternatives.drugs.map((id) => ctx.knowledge.drugs.get(id)).filter((d) => d !== undefined);
    return [...known.map(display), ...drug.alternatives.others];
  }
  const kind = (d: Drug) => (d.drugClass.split(',')[0] ?? '').trim().toLowerCase();
  return [...ctx.knowledge.drugs.values()]
    .filter((d) => d.id !== drug.id && kind(d) === kind(drug))
    .map(display)
    .slice(0, 10);
}

function drugOf(state: AppealState, ctx: AppealContext): Drug | undefined {
  return state.answers.drug?.id ? ctx.knowledge.drugs.get(state.answers.drug.id) : undefined;
}

function triedChoices(state: AppealState, ctx: AppealContext): Choice[] {
  const drug = drugOf(state, ctx);
  const names = alternativeNames(ctx, drug);
  return [
    ...names.map((label, i) => ({ id: triedId(i), label })),
    ...(drug ? [{ id: CLASS, label: ctx.t('appeal.details.triedClass'), description: drug.drugClass }] : []),
    { id: OTHER, label: ctx.t('appeal.details.triedOtherChoice') },
  ];
}

/** The class choice as the letter words it. */
function classPhrase(ctx: AppealContext, drug: Drug): string {
  return `${ctx.t('appeal.details.triedClass').toLowerCase()} (${drug.drugClass})`;
}

function maxLength(field: TextField): number {
  return isLineField(field) ? LINE_FIELDS[field] : ADDRESS_FIELDS[field];
}

function field(
  state: AppealState,
  ctx: AppealContext,
  id: TextField | 'approvedUse' | 'tried',
  given: LetterDetails,
): FormField | null {
  const t = ctx.t;
  const label = t(`appeal.details.fields.${id}`);
  const placeholder = WITH_PLACEHOLDER.has(id) ? t(`appeal.details.placeholders.${id}`) : undefined;
  if (id === 'approvedUse') {
    const uses = drugOf(state, ctx)?.approvedUses ?? [];
    if (uses.length === 0) return null;
    return {
      id,
      label,
      type: 'choice',
      options: uses.map((use, i) => ({ id: useId(i), label: use.text })),
      ...(given.approvedUse !== undefined && uses[given.approvedUse] ? { value: useId(given.approvedUse) } : {}),
    };
  }
  if (id === 'tried') {
    const options = triedChoices(state, ctx);
    const picked = (given.tried ?? []).flatMap((name) => options.find((o) => o.label === name)?.id ?? []);
    return { id, label, type: 'choices', options, ...(picked.length > 0 ? { value: picked } : {}) };
  }
  const multiline = id in ADDRESS_FIELDS || id === 'triedWhy';
  return {
    id,
    label,
    type: multiline ? 'multiline' : 'text',
    maxLength: maxLength(id),
    ...(placeholder ? { placeholder } : {}),
    ...(given[id] ? { value: given[id] } : {}),
  };
}

/** The details form: every field optional, prefilled with what the user gave before. */
export function detailsForm(state: AppealState, ctx: AppealContext): QuestionReply['input'] {
  const t = ctx.t;
  // A care team's saved practice profile fills the prescriber's fields it has not been given for this letter.
  const careTeam = state.voice === 'care-team' || state.answers.author === 'care-team';
  const given = (careTeam ? detailsWithPractice(state.details, state.profile) : state.details) ?? {};
  const groups: FormGroup[] = layout(state.answers.author ?? 'patient').map(([group, ids]) => ({
    title: t(`appeal.details.groups.${group}`),
    fields: ids.map((id) => field(state, ctx, id, given)).filter((f): f is FormField => f !== null),
  }));
  return {
    type: 'form',
    title: t('appeal.details.title'),
    groups: groups.filter((g) => g.fields.length > 0),
    openLabel: t('appeal.details.open'),
    submitLabel: t('appeal.details.submit'),
    skip: { id: SKIP, label: t('appeal.details.skip') },
  };
}

export interface ReadDetails {
  details: LetterDetails;
  /** Fields whose text was longer than the letter keeps (cut to fit). */
  cut: string[];
}

/**
 * Reads a submitted form against the form it answers: unknown fields and
 * choice ids are ignored, text is cut to its field's length (and reported).
 */
export function readDetailsForm(state: AppealState, ctx: AppealContext, values: FormValues): ReadDetails {
  const form = detailsForm(state, ctx);
  if (form.type !== 'form') return { details: state.details ?? {}, cut: [] };
  const fields = new Map(form.groups.flatMap((g) => g.fields).map((f) => [f.id, f]));
  // Fields left out of the submission keep what was given before (a form sent in pages).
  const raw: LetterDetails = { ...(state.details ?? {}) };
  const cut: string[] = [];
  const text = (value: string | string[] | undefined) => (typeof value === 'string' ? value : (value?.[0] ?? ''));
  // A list may arrive as one comma-separated string (a Teams multi-select); choice ids hold no commas.
  const list = (value: string | string[] | undefined) =>
    (Array.isArray(value) ? value : (value?.split(',') ?? [])).filter(Boolean);
  for (const [id, f] of fields) {
    const value = values[id];
    if (value === undefined) continue;
    if (f.type === 'text' || f.type === 'multiline') {
      const typed = text(value).replace(/\r\n?/g, '\n').trim();
      const max = f.maxLength ?? 120;
      if (typed.length > max) cut.push(f.label);
      if (isTextField(id)) raw[id] = typed.slice(0, max);
    }
  }
  if (values.approvedUse !== undefined) {
    const use = fields.get('approvedUse')?.options?.findIndex((o) => o.id === text(values.approvedUse)) ?? -1;
    if (use >= 0) raw.approvedUse = use;
    else delete raw.approvedUse;
  }
  if (values.tried !== undefined) {
    const options = fields.get('tried')?.options ?? [];
    const drug = drugOf(state, ctx);
    raw.tried = list(values.tried)
      .flatMap((id) => options.find((o) => o.id === id && o.id !== OTHER) ?? [])
      .map((o) => (o.id === CLASS && drug ? classPhrase(ctx, drug) : o.label))
      .slice(0, MAX_TRIED);
  }
  return { details: cleanDetails(raw), cut };
}
