import type { ChecklistItem } from '../domain/appeal-case.js';
import type { Deadline } from '../domain/deadlines.js';
import type { Block, LetterModel, Line } from './model.js';
import { notesSection } from './notes-page.js';
import { reasonBlocks } from './reasons.js';
import { plain } from './template.js';
import { Writer, type LetterRequest } from './writer.js';

const TABLE_WIDTHS = [0.32, 0.4, 0.28];

/** The appeal letter as plain values: header, request, reason, criteria table, time limits, closing, enclosures, then notes for the user. */
export function composeLetter(request: LetterRequest): LetterModel {
  const w = new Writer(request);
  const blocks: Block[] = [
    ...header(w),
    ...opening(w),
    ...claimFile(w),
    ...reasonBlocks(w),
    ...criteria(w),
    ...timeLimits(w),
    ...closing(w),
    ...enclosures(w),
  ];
  return {
    title: w.t('letter.documentTitle'),
    sections: [{ blocks, footer: w.footer('footer') }, notesSection(w)],
    notes: w.notes,
  };
}

function para(content: Line): Block {
  return { kind: 'paragraph', content };
}

/** Sentences that belong together in one paragraph. */
function joined(lines: Line[]): Line {
  return lines.flatMap((line, i) => (i === 0 ? line : [...plain(' '), ...line]));
}

function bold(line: Line): Line {
  return line.map((seg) => (seg.kind === 'text' ? { ...seg, bold: true } : seg));
}

function header(w: Writer): Block[] {
  const label = (key: string) => w.t(`letter.re.${key}`);
  const rows = [
    { label: label('label'), value: bold(w.line(`title.${w.voice}`)) },
    { label: label('patient'), value: w.line('blanks.patientName') },
    { label: label('dateOfBirth'), value: w.line('blanks.dateOfBirth') },
    { label: label('memberId'), value: w.line('blanks.memberId') },
    { label: label('group'), value: w.line('blanks.group') },
    { label: label('reference'), value: w.line('blanks.reference') },
    { label: label('denialDate'), value: plain(w.date(w.appeal.answers.denialDate)) },
    ...(w.voice === 'patient' ? [{ label: label('prescriber'), value: w.line('re.prescriberValue') }] : []),
  ];
  return [
    { kind: 'lines', lines: w.lines(`header.${w.voice}`) },
    para(plain(w.date(w.today))),
    { kind: 'lines', lines: w.lines(`recipient.${w.appeal.answers.stage === 'first' ? 'first' : 'appealDenied'}`) },
    para(w.line('header.sentBy')),
    { kind: 'fields', rows },
    para(w.say('salutation')),
  ];
}

/** The decision-time rule for this request: the urgent one (counted in hours) when urgent, else the first. */
function decisionDeadline(w: Writer): Deadline | undefined {
  const deciding = w.appeal.deadlines.filter((d) => d.kind === 'plan-decides' || d.kind === 'reviewer-decides');
  return (w.appeal.answers.urgent ? deciding.find((d) => d.basis.hours !== undefined) : undefined) ?? deciding[0];
}

/** A catalog sentence only some rules have (the translator returns the key itself when there is none). */
function has(w: Writer, key: string): boolean {
  return w.t(`letter.${key}`) !== `letter.${key}`;
}

function period(w: Writer, d: Deadline): string {
  const { hours, days, months } = d.basis;
  if (hours !== undefined) return w.t('letter.period.hours', { count: hours });
  if (months !== undefined) return w.t('letter.period.months', { count: months });
  return w.t('letter.period.days', { count: days ?? 0 });
}

function opening(w: Writer): Block[] {
  const { answers, rulesPlanType } = w.appeal;
  const blocks: Block[] = [
    para(w.say(`opening.${answers.stage === 'first' ? 'first' : 'appealDenied'}`)),
    para(w.say('basis', { basis: rulesPlanType.appealBasis.text, citation: rulesPlanType.appealBasis.citation })),
  ];
  if (w.voice === 'patient') blocks.push(para(w.say('representative')));
  if (answers.urgent) {
    const rule = decisionDeadline(w);
    const urgent = [w.say('urgent')];
    if (rule?.basis.hours !== undefined)
      urgent.push(w.say('urgentRule', { period: period(w, rule), citation: rule.citation }));
    if (rulesPlanType.urgencyDeference)
      urgent.push(w.say('deference', { citation: rulesPlanType.urgencyDeference.citation }));
    blocks.push(para(joined(urgent)));
  }
  blocks.push(...keepDrug(w));
  return blocks;
}

/**
 * A request to keep the drug during the appeal (Medicaid, 42 CFR 438.420) while
 * its window is open, with the repayment risk said plainly. The rule applies only
 * to a drug already approved, so the paragraph says to delete it otherwise.
 */
function keepDrug(w: Writer): Block[] {
  return w.appeal.deadlines
    .filter((d) => d.kind === 'you-may' && d.daysLeft >= 0 && has(w, `${w.voice}.keep.${d.ruleId}`))
    .map((d) => para(w.say(`keep.${d.ruleId}`, { until: w.date(d.due), citation: d.citation })));
}

function claimFile(w: Writer): Block[] {
  const right = w.appeal.rulesPlanType.claimFileRight;
  return [
    { kind: 'heading', content: w.say('claimFileHeading') },
    para(right ? w.say('claimFile', { citation: right.citation }) : w.say('claimFileNoRule')),
  ];
}

/** The requirements this drug and reason usually involve: the drug's own list for the reason, else the reason's then the drug's. */
export function requirementRows(w: Writer): string[] {
  const { drug, reason } = w.appeal;
  const own = reason && drug?.criteria[reason.id];
  if (own) return own;
  const fromReason = reason && !(drug && reason.id === 'medical-necessity') ? reason.requirements : [];
  const seen = new Set<string>();
  return [...fromReason, ...(drug?.criteria.default ?? [])].filter((row) => {
    const key = row.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function criteria(w: Writer): Block[] {
  const known = requirementRows(w);
  const requirement: Line[] = known.length > 0 ? known.map(plain) : [1, 2, 3].map(() => w.line('table.unknownRow'));
  const rows = [...requirement, w.line('table.otherRow')].map((first) => [
    first,
    w.line('table.evidenceBlank'),
    w.line('table.sourceBlank'),
  ]);
  return [
    { kind: 'heading', content: w.say('criteriaHeading') },
    para(w.say('criteriaIntro')),
    {
      kind: 'table',
      header: ['requirement', 'evidence', 'source'].map((k) => w.t(`letter.table.${k}`)),
      rows,
      widths: TABLE_WIDTHS,
    },
  ];
}

function timeLimits(w: Writer): Block[] {
  const { deadlines, rulesPlanType } = w.appeal;
  const lines: Line[] = [];
  // With the plan type unknown, the stand-in deadline is another plan type's rule: not one to quote to this plan.
  const filing =
    rulesPlanType.regime === 'unknown' ? undefined : deadlines.find((d) => d.kind === 'you-file' && d.sendEarly);
  // An urgent request with its own, shorter filing window (TRICARE's expedited appeal) cites that window, not the standard one.
  const fast = w.appeal.answers.urgent
    ? deadlines.find((d) => d.kind === 'you-may' && has(w, `${w.voice}.fast.${d.ruleId}.onTime`))
    : undefined;
  if (fast && filing) {
    const params = { period: period(w, fast), citation: fast.citation, standardCitation: filing.citation };
    lines.push(w.say(`fast.${fast.ruleId}.${fast.daysLeft >= 0 ? 'onTime' : 'late'}`, params));
  } else if (filing)
    lines.push(
      w.say(filing.daysLeft >= 0 ? 'onTime' : 'late', { period: period(w, filing), citation: filing.citation }),
    );
  const decision = decisionDeadline(w);
  lines.push(
    decision
      ? w.say('decision', { period: period(w, decision), citation: decision.citation })
      : w.say('decisionNoRule'),
  );
  return [{ kind: 'heading', content: w.say('timeHeading') }, ...lines.map(para)];
}

function closing(w: Writer): Block[] {
  const patient = w.voice === 'patient';
  const blocks: Block[] = [para(w.say('ifDenied'))];
  if (!patient) blocks.push(para(w.say('peerToPeer')));
  blocks.push(para(w.say('contact')), { kind: 'paragraph', content: w.say('signoff'), keepNext: true });
  blocks.push({ kind: 'lines', lines: w.lines(`${w.voice}.signature`) });
  if (patient) blocks.push({ kind: 'lines', lines: w.lines('patient.representativeSignature') }, para(w.say('cc')));
  else blocks.push(para(w.say('preparedBy')));
  return blocks;
}

/** `a=>b|c=>d` from the catalog: how knowledge text written to the user reads in the author's voice. */
function rewrite(w: Writer, text: string): string {
  return w
    .t(`letter.${w.voice}.rewrites`)
    .split('|')
    .map((pair) => pair.split('=>'))
    .reduce((out, [from = '', to = '']) => {
      const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const pattern = `${/^\w/.test(from) ? '\\b' : ''}${escaped}${/\w$/.test(from) ? '\\b' : ''}`;
      return out.replace(new RegExp(pattern, 'g'), to);
    }, text);
}

/** A checklist item that can be enclosed: everything but the claim file, which the letter asks for. */
type Enclosure =
  | Extract<ChecklistItem, { kind: 'text' }>
  | { kind: 'standard'; id: 'denial-letter' | 'guideline' | 'policy'; params: Record<string, string> };

function exhibitText(w: Writer, item: Enclosure): Line {
  if (item.kind === 'text') return plain(rewrite(w, item.text));
  switch (item.id) {
    case 'denial-letter':
      return w.line('exhibit.denial-letter');
    case 'policy':
      return w.line('exhibit.policy', { policy: item.params.policy ?? '' });
    case 'guideline':
      return w.appeal.drug
        ? w.line('exhibit.guideline', { source: w.appeal.drug.guidelineSource })
        : w.line('exhibit.guidelineUnknown');
  }
}

/** The care team's letter is itself the prescriber's letter, so it does not enclose one. */
function isPrescriberLetter(w: Writer, item: ChecklistItem): boolean {
  return (
    w.voice === 'careTeam' && item.kind === 'text' && new RegExp(w.t('letter.careTeam.ownLetter'), 'i').test(item.text)
  );
}

/** The checklist's documents as numbered exhibits (the claim file is asked for, not enclosed). */
function exhibits(w: Writer): Line[] {
  const items = w.appeal.checklist
    .filter((item): item is Enclosure => !(item.kind === 'standard' && item.id === 'claim-file'))
    .filter((item) => !isPrescriberLetter(w, item));
  const texts = items.map((item) => exhibitText(w, item));
  if (w.appeal.answers.urgent) texts.push(w.say('urgencyExhibit'));
  return texts.map((text, i) => w.line('exhibit.item', { number: String(i + 1), text }));
}

function enclosures(w: Writer): Block[] {
  return [
    { kind: 'heading', content: w.say('enclosuresHeading') },
    para(w.say('enclosuresIntro')),
    ...exhibits(w).map(para),
  ];
}
