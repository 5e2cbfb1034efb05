import type { Translator } from '../../../core/i18n.js';
import type { AppealCase } from '../domain/appeal-case.js';
import type { AppealHelp } from '../domain/where-to-get-help.js';
import { longDate, type CalendarDate } from '../domain/calendar.js';
import { detailLine, detailLines, type AddressField, type LetterDetails, type LineField } from './details.js';
import type { Line, Seg } from './model.js';
import type { Organisation } from '../../../core/organisation.js';
import type { PracticeProfile } from '../profile.js';
import { userText } from './sanitize.js';
import { blank, fill, fillLines, type TemplateParams, type TemplateValue } from './template.js';

export type LetterAuthor = 'patient' | 'care-team';
/** Catalog section of each author's sentences. */
export type Voice = 'patient' | 'careTeam';

/** Everything the letter is made from: the case, who signs, the words, and the letter's date. */
export interface LetterRequest {
  /** The appeal letter (the default) or the care team's peer-to-peer preparation sheet. */
  document?: 'letter' | 'peer-to-peer';
  appeal: AppealCase;
  author: LetterAuthor;
  /** The letter's words: the plan's language (see LETTER_LOCALE). */
  t: Translator;
  /**
   * The notes page in the user's language: its words, and the insurer's note as
   * the user reads it (none when not translated). The letter's own when left out.
   */
  notes?: { t: Translator; insurerNote?: string };
  today: CalendarDate;
  /** Who can help in the user's state (for the notes page), when they gave one. */
  stateHelp?: AppealHelp['state'];
  /** What the user told us for the letter (names, identifiers, treatment); missing ones stay blanks. */
  details?: LetterDetails;
  /**
   * Whether the user went through the details (a field left empty then means "does not apply").
   * Default: details were given. False when the details are only what a denial letter said.
   */
  detailsReviewed?: boolean;
  /** The user's practice profile: fills the prescriber's and practice's blanks the details leave. */
  practice?: PracticeProfile;
  /** The organisation running the bot, named on the notes page. */
  organisation?: Organisation;
}

/**
 * The practice profile as letter details: the prescriber's and practice's
 * fields, for a care team that saved them once. What the user typed into the
 * details form for this letter comes first.
 */
export function detailsWithPractice(
  details: LetterDetails | undefined,
  practice: PracticeProfile | undefined,
): LetterDetails | undefined {
  if (!practice) return details;
  const address = [practice.street, practice.city].filter(Boolean).join('\n');
  const fromProfile: LetterDetails = {
    ...(practice.name ? { prescriberName: practice.name } : {}),
    ...(practice.practice ? { practiceName: practice.practice } : {}),
    ...(address ? { practiceAddress: address } : {}),
    ...(practice.phone ? { practicePhone: practice.phone } : {}),
    ...(practice.fax ? { practiceFax: practice.fax } : {}),
  };
  const given = Object.fromEntries(
    Object.entries(details ?? {}).filter(([, value]) => value !== undefined && value !== ''),
  );
  return { ...fromProfile, ...given };
}

/**
 * The composer's helper: the catalog in the author's voice, the values every
 * sentence may use (insurer, drug, dates, request…), and the numbered source
 * notes. Anything the bot does not know becomes a blank, never a guess.
 */
export class Writer {
  readonly voice: Voice;
  readonly appeal: AppealCase;
  readonly params: TemplateParams;
  readonly notes: string[] = [];

  /** The details with the practice profile filling what they leave out. */
  private readonly filled: LetterDetails | undefined;

  constructor(private readonly request: LetterRequest) {
    this.voice = request.author === 'care-team' ? 'careTeam' : 'patient';
    this.appeal = request.appeal;
    this.filled = detailsWithPractice(request.details, request.practice);
    this.params = this.commonParams();
  }

  get t(): Translator {
    return this.request.t;
  }

  /** The words of the page for the user (the notes page), in the user's language. */
  get userT(): Translator {
    return this.request.notes?.t ?? this.request.t;
  }

  /** The insurer's note (e.g. Blue Cross Blue Shield is many companies) for the notes page, in the user's language. */
  get userInsurerNote(): string | undefined {
    return this.request.notes ? this.request.notes.insurerNote : this.appeal.insurer?.note;
  }

  /** The prescriber's credentials from the practice profile, when saved. */
  get credentials(): string | undefined {
    return userText(this.request.practice?.credentials) || undefined;
  }

  get organisation(): Organisation | undefined {
    return this.request.organisation;
  }

  get today(): CalendarDate {
    return this.request.today;
  }

  get stateHelp(): AppealHelp['state'] {
    return this.request.stateHelp;
  }

  /** Whether the user went through the details (so a field left empty means "does not apply"). */
  get hasDetails(): boolean {
    return this.request.detailsReviewed ?? this.request.details !== undefined;
  }

  /** One detail the user gave, cleaned for the document, or undefined. */
  given(field: LineField): string | undefined {
    const value = detailLine(this.filled, field);
    return value ? userText(value, field === 'triedWhy' ? 300 : undefined) : undefined;
  }

  /** A value every letter has (set in `commonParams`): the user's detail or its blank. */
  param(name: string): TemplateValue {
    return this.params[name] ?? this.blank(name);
  }

  /** A detail as plain text, or the blank for it (`letter.blank.<field>`). */
  detail(field: LineField, blankKey: string = field): TemplateValue {
    return this.given(field) ?? this.blank(blankKey);
  }

  /** An address the user gave, one line each, or the given blank lines. */
  address(field: AddressField, blankKeys: string[]): Line[] {
    const lines = detailLines(this.filled, field)?.map((line) => userText(line));
    return lines ? lines.map((line) => [{ kind: 'text', text: line }]) : blankKeys.map((key) => this.blank(key));
  }

  /** The earlier treatments the user named, as "A, B and C", or undefined. */
  tried(): string | undefined {
    const names = (this.request.details?.tried ?? []).map((name) => userText(name)).filter(Boolean);
    const other = this.given('triedOther');
    if (other) names.push(other);
    if (names.length === 0) return undefined;
    if (names.length === 1) return names[0];
    return this.t('letter.list', { items: names.slice(0, -1).join(', '), last: names.at(-1) ?? '' });
  }

  /** The approved use the user said is theirs, with its source note. */
  approvedUse(): Seg[] | undefined {
    const index = this.request.details?.approvedUse;
    const use = index === undefined ? undefined : this.appeal.drug?.approvedUses[index];
    return use ? [{ kind: 'text', text: use.text }, ...this.note(use.source)] : undefined;
  }

  /** A sentence shared by both voices (`letter.<key>`). */
  line(key: string, extra: TemplateParams = {}): Line {
    return fill(this.t(`letter.${key}`), { ...this.params, ...extra });
  }

  lines(key: string, extra: TemplateParams = {}): Line[] {
    return fillLines(this.t(`letter.${key}`), { ...this.params, ...extra });
  }

  /** A sentence in the author's voice (`letter.<voice>.<key>`). */
  say(key: string, extra: TemplateParams = {}): Line {
    return this.line(`${this.voice}.${key}`, extra);
  }

  /** A sentence in the author's voice under a reason (`letter.reason.<reason>.<voice>.<key>`). */
  sayFor(reason: string, key: string, extra: TemplateParams = {}): Line {
    return this.line(`reason.${reason}.${this.voice}.${key}`, extra);
  }

  /** A page footer with the page number and the document's page count. */
  footer(key: string): Line {
    return this.line(key, { page: [{ kind: 'field', field: 'page' }], pages: [{ kind: 'field', field: 'pages' }] });
  }

  blank(key: string): Seg[] {
    return blank(this.t(`letter.blank.${key}`));
  }

  /** A date in the catalog's format (`letter.dateFormat`, or another format key such as `letter.monthFormat`). */
  date(value: CalendarDate, formatKey = 'letter.dateFormat'): string {
    return longDate(value, this.t, formatKey);
  }

  /**
   * Knowledge that names alternatives ("rheumatologist, dermatologist or
   * gastroenterologist") becomes a blank to keep the one that applies.
   */
  choice(text: string): TemplateValue {
    return /\bor\b/.test(text) ? blank(this.t('letter.blank.oneOf', { options: text })) : text;
  }

  /** Registers a source and returns its note mark; the same source keeps one number. */
  note(source: string): Seg[] {
    let index = this.notes.indexOf(source);
    if (index < 0) index = this.notes.push(source) - 1;
    return [{ kind: 'note', id: index + 1 }];
  }

  private commonParams(): TemplateParams {
    const { appeal, t } = this.request;
    const { answers, drug, insurer } = appeal;
    const insurerName: Seg[] | string = insurer?.name ?? (userText(answers.insurerText) || this.blank('insurer'));
    const brand = drug?.brand ?? (userText(answers.drugText) || this.blank('drug'));
    const generic = drug?.generic ?? this.blank('generic');
    const stage = answers.stage === 'first' ? 'first' : 'appealDenied';
    const policy: Seg[] | string = insurer?.policyDocuments
      ? fill(t('letter.policyName'), { insurer: insurerName, policy: insurer.policyDocuments })
      : t('letter.policyGeneric');
    const practice = this.request.practice ?? {};
    const specialty = userText(practice.specialty);
    return {
      credentials: userText(practice.credentials) || this.blank('credentials'),
      npi: userText(practice.npi) || this.blank('npi'),
      insurer: insurerName,
      brand,
      generic,
      drug: fill(t('letter.drugName'), { brand, generic }),
      date: this.date(answers.denialDate),
      request: t(`letter.request.${appeal.rulesPlanType.regime}.${stage}${answers.urgent ? 'Urgent' : ''}`),
      prescriber: specialty || (drug ? this.choice(drug.prescriber) : this.blank('prescriber')),
      org: drug ? this.choice(drug.guidelineOrg) : this.blank('guidelineOrg'),
      drugClass: drug?.drugClass ?? this.blank('drugClass'),
      policy,
      patientName: this.detail('patientName'),
      dateOfBirth: this.detail('dateOfBirth'),
      memberId: this.detail('memberId'),
      groupNumber: this.detail('groupNumber'),
      claimNumber: this.detail('claimNumber'),
      policyNumber: this.detail('policyNumber'),
      patientPhone: this.detail('patientPhone'),
      prescriberName: this.detail('prescriberName'),
      practiceName: this.detail('practiceName'),
      practicePhone: this.detail('practicePhone'),
      practiceFax: this.detail('practiceFax'),
      representativeName: this.detail('representativeName'),
      representativeRelationship: this.detail('representativeRelationship'),
      representativePhone: this.detail('representativePhone'),
      tried: this.tried() ?? this.blank('tried'),
      triedWhen: this.detail('triedWhen'),
      triedWhy: this.detail('triedWhy'),
    };
  }
}
