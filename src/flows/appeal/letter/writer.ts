import type { Translator } from '../../../core/i18n.js';
import type { AppealCase } from '../domain/appeal-case.js';
import { longDate, type CalendarDate } from '../domain/calendar.js';
import type { Line, Seg } from './model.js';
import type { Organisation } from '../../../core/organisation.js';
import type { PracticeProfile, ProfileField } from '../profile.js';
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
  t: Translator;
  today: CalendarDate;
  /** The user's practice profile: fills the prescriber's and practice's blanks. */
  practice?: PracticeProfile;
  /** The organisation running the bot, named on the notes page. */
  organisation?: Organisation;
}

/** Letter parameters filled from the practice profile, each a blank when the profile lacks it. */
const PRACTICE_PARAMS: Record<string, ProfileField> = {
  prescriberName: 'name',
  credentials: 'credentials',
  practice: 'practice',
  npi: 'npi',
  practiceStreet: 'street',
  practiceCity: 'city',
  practicePhone: 'phone',
  practiceFax: 'fax',
};

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

  constructor(private readonly request: LetterRequest) {
    this.voice = request.author === 'care-team' ? 'careTeam' : 'patient';
    this.appeal = request.appeal;
    this.params = this.commonParams();
  }

  get t(): Translator {
    return this.request.t;
  }

  get organisation(): Organisation | undefined {
    return this.request.organisation;
  }

  get today(): CalendarDate {
    return this.request.today;
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
    return longDate(value, this.t(formatKey));
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
    const fromProfile = Object.fromEntries(
      Object.entries(PRACTICE_PARAMS).map(([param, field]) => [param, userText(practice[field]) || this.blank(param)]),
    );
    const specialty = userText(practice.specialty);
    return {
      ...fromProfile,
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
    };
  }
}
