import type { ChecklistItem } from '../domain/appeal-case.js';
import type { Deadline } from '../domain/deadlines.js';
import { lineText, type Block, type LetterModel, type Line } from './model.js';
import { notesSection } from './notes-page.js';
import { reasonBlocks } from './reasons.js';
import { plain, type TemplateValue } from './template.js';
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

/** A template value as a line of its own (a detail, or its blank). */
function asLine(value: TemplateValue): Line {
  return typeof value === 'string' ? plain(value) : value;
}

/** The prescriber's office in one line for the patient's RE block, when the user gave any of it. */
function practiceLine(w: Writer): Line | undefined {
  const phone = w.given('practicePhone');
  const fax = w.given('practiceFax');
  const parts = [
    w.given('practiceName'),
    w.address('practiceAddress', []).map(lineText).join(', ') || undefined,
    phone && w.t('letter.header.practicePhone', { phone }),
    fax && w.t('letter.header.practiceFax', { fax }),
  ].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? plain(parts.join(', ')) : undefined;
}

function senderLines(w: Writer): Line[] {
  if (w.voice === 'patient') {
    const email = w.given('patientEmail');
    return [
      asLine(w.param('patientName')),
      ...w.address('patientAddress', ['street', 'cityStateZip']),
      w.line('header.phone', { phone: w.param('patientPhone') }),
      // With the details given, an email left empty is one the user does not want printed.
      ...(email || !w.hasDetails ? [w.line('header.email', { email: email ?? w.blank('patientEmail') })] : []),
    ];
  }
  return [
    // A name typed without credentials stays as typed; with the profile's credentials they follow it.
    w.line(w.given('prescriberName') && !w.credentials ? 'header.careTeamNameGiven' : 'header.careTeamName'),
    asLine(w.param('practiceName')),
    ...w.address('practiceAddress', ['street', 'cityStateZip']),
    w.line('header.careTeamPhone'),
    w.line('header.npi'),
  ];
}

function recipientLines(w: Writer): Line[] {
  const given = w.address('appealsAddress', []);
  if (w.appeal.answers.stage !== 'first') {
    return [
      w.blank('reviewer'),
      ...(given.length > 0 ? given : [w.blank('decisionAddress')]),
      w.line('recipient.about'),
    ];
  }
  return [
    asLine(w.param('insurer')),
    w.line(given.length > 0 ? 'recipient.appealsDepartmentGiven' : 'recipient.appealsDepartment'),
    ...(given.length > 0 ? given : [w.blank('appealsAddress')]),
  ];
}

/** How it is sent: read from the appeals address when given (a fax number has no letters). */
function sentBy(w: Writer): Line {
  const lines = w.address('appealsAddress', []);
  if (lines.length === 0) return w.line('header.sentBy');
  const text = lines.map(lineText).join(' ');
  return w.line(/[a-z]{3,}/i.test(text.replace(/\bfax\b/gi, '')) ? 'header.sentByMail' : 'header.sentByFax');
}

function header(w: Writer): Block[] {
  const label = (key: string) => w.t(`letter.re.${key}`);
  const practice = w.voice === 'patient' ? practiceLine(w) : undefined;
  const rows = [
    { label: label('label'), value: bold(w.line(`title.${w.voice}`)) },
    { label: label('patient'), value: asLine(w.param('patientName')) },
    { label: label('dateOfBirth'), value: asLine(w.param('dateOfBirth')) },
    { label: label('memberId'), value: asLine(w.param('memberId')) },
    { label: label('group'), value: asLine(w.param('groupNumber')) },
    { label: label('reference'), value: asLine(w.param('claimNumber')) },
    { label: label('denialDate'), value: plain(w.date(w.appeal.answers.denialDate)) },
    ...(w.voice === 'patient' ? [{ label: label('prescriber'), value: w.line('re.prescriberValue') }] : []),
    ...(practice ? [{ label: label('practice'), value: practice }] : []),
  ];
  return [
    { kind: 'lines', lines: senderLines(w) },
    para(plain(w.date(w.today))),
    { kind: 'lines', lines: recipientLines(w) },
    para(sentBy(w)),
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
  if (w.voice === 'patient') {
    // With the details given and no representative named, the patient writes: no line to delete.
    if (w.given('representativeName')) blocks.push(para(w.say('representativeGiven')));
    else if (!w.hasDetails) blocks.push(para(w.say('representative')));
  }
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

/** One row of the criteria table: what the user told us fills the rows it answers; chart evidence stays a blank. */
function criterionRow(w: Writer, requirement: string): Line[] {
  const evidenceBlank = w.line('table.evidenceBlank');
  const sourceBlank = w.line('table.sourceBlank');
  const prescriber = new RegExp(w.t('letter.table.prescriberRowPattern'), 'i').exec(requirement);
  if (prescriber) {
    // "Prescriber is a neurologist" is the plan's wording; the letter states it as a fact the prescriber's letter shows.
    const specialty = prescriber[1] ?? '';
    const given = w.given('prescriberName');
    return [
      w.line('table.prescriberRow', { specialty }),
      given ? w.line('table.prescriberEvidence', { specialty: w.param('prescriber') }) : evidenceBlank,
      w.voice === 'patient' ? w.line('table.prescriberSource') : sourceBlank,
    ];
  }
  if (w.tried() && new RegExp(w.t('letter.table.priorRowPattern'), 'i').test(requirement))
    return [plain(requirement), w.line('table.priorEvidence'), sourceBlank];
  return [plain(requirement), evidenceBlank, sourceBlank];
}

function criteria(w: Writer): Block[] {
  const known = requirementRows(w);
  const rows =
    known.length > 0
      ? known.map((row) => criterionRow(w, row))
      : [1, 2, 3].map(() => [w.line('table.unknownRow'), w.line('table.evidenceBlank'), w.line('table.sourceBlank')]);
  rows.push([w.line('table.otherRow'), w.line('table.evidenceBlank'), w.line('table.sourceBlank')]);
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

/** "a; b" as "a and b": a sentence that names its rules reads as words, not as a citation list. */
function citationList(w: Writer, citation: string): string {
  const parts = citation.split('; ').filter(Boolean);
  if (parts.length < 2) return citation;
  return w.t('letter.list', { items: parts.slice(0, -1).join(', '), last: parts.at(-1) ?? '' });
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
      ? w.say('decision', { period: period(w, decision), citation: citationList(w, decision.citation) })
      : w.say('decisionNoRule'),
  );
  return [{ kind: 'heading', content: w.say('timeHeading') }, ...lines.map(para)];
}

/** The signature lines, kept on one page with the sign-off above them. */
function signature(w: Writer): Line[] {
  if (w.voice === 'careTeam') {
    const name = w.given('prescriberName');
    return w.lines('careTeam.signature', {
      signedName: name && !w.credentials ? plain(name) : (w.lines('header.careTeamName')[0] ?? []),
    });
  }
  const lines = w.lines('patient.signature');
  if (w.given('representativeName')) return [...lines, [], ...w.lines('patient.representativeSignatureGiven')];
  if (w.hasDetails) return lines;
  return [...lines, [], ...w.lines('patient.representativeSignature')];
}

function closing(w: Writer): Block[] {
  const patient = w.voice === 'patient';
  const blocks: Block[] = [para(w.say('ifDenied'))];
  if (!patient) blocks.push(para(w.say('peerToPeer')));
  blocks.push(para(w.say('contact')), { kind: 'signature', signoff: w.say('signoff'), lines: signature(w) });
  blocks.push(para(patient ? w.say('cc') : w.say('preparedBy')));
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

function isPrescriberLetter(w: Writer, item: ChecklistItem): boolean {
  return item.kind === 'text' && new RegExp(w.t('letter.prescriberLetterPattern'), 'i').test(item.text);
}

/** The checklist's documents as numbered exhibits (the claim file is asked for, not enclosed). */
function exhibits(w: Writer): Line[] {
  const all = w.appeal.checklist.filter(
    (item): item is Enclosure => !(item.kind === 'standard' && item.id === 'claim-file'),
  );
  // The care team's letter is itself the prescriber's letter; the patient's letter always encloses one.
  const items = w.voice === 'careTeam' ? all.filter((item) => !isPrescriberLetter(w, item)) : all;
  const texts = items.map((item) => exhibitText(w, item));
  if (w.voice === 'patient' && !all.some((item) => isPrescriberLetter(w, item)))
    texts.push(w.say('prescriberLetterExhibit'));
  if (w.appeal.answers.urgent) texts.push(w.say('urgencyExhibit'));
  if (w.voice === 'patient' && w.given('representativeName')) texts.push(w.say('authorizationExhibit'));
  return texts.map((text, i) => w.line('exhibit.item', { number: String(i + 1), text }));
}

function enclosures(w: Writer): Block[] {
  return [
    { kind: 'heading', content: w.say('enclosuresHeading') },
    para(w.say('enclosuresIntro')),
    ...exhibits(w).map(para),
  ];
}
