import type { Block, Line } from './model.js';
import { plain } from './template.js';
import type { Writer } from './writer.js';

/** Reasons with a section of their own; any other (or an unknown) reason gets the "quote and answer" section. */
const REASON_SECTIONS: Record<string, (w: Writer) => Block[]> = {
  'medical-necessity': medicalNecessity,
  'quantity-limit': quantityLimit,
  'step-therapy': (w) => prompts(w, 'step-therapy', ['required', 'tried', 'contraindication', 'exception', 'stateLaw']),
  'prior-authorization': (w) => prompts(w, 'prior-authorization', ['sent', 'form', 'ask']),
  'non-formulary': nonFormulary,
  experimental,
  'off-label': offLabel,
  'site-of-care': (w) => prompts(w, 'site-of-care', ['setting', 'reason', 'alternative']),
  'out-of-network': (w) => prompts(w, 'out-of-network', ['need', 'tried', 'ask']),
  'benefit-exclusion': (w) => prompts(w, 'benefit-exclusion', ['wording', 'applies', 'ask']),
};

/** The body of the letter: what the denial reason calls for, as prompts with blanks for chart facts. */
export function reasonBlocks(w: Writer): Block[] {
  const id = w.appeal.reason?.id;
  const section = id ? REASON_SECTIONS[id] : undefined;
  return section ? section(w) : prompts(w, 'other', ['quote', 'answer']);
}

function heading(w: Writer, reason: string): Block {
  return { kind: 'heading', content: w.line(`reason.${reason}.heading`) };
}

function paragraphs(lines: Line[]): Block[] {
  return lines.map((content) => ({ kind: 'paragraph', content }));
}

function prompts(w: Writer, reason: string, keys: string[]): Block[] {
  return [heading(w, reason), ...paragraphs(keys.map((key) => w.sayFor(reason, key)))];
}

/**
 * The FDA-approved uses, each with its source. A withdrawn approval is stated
 * as such (with its source), and a drug we do not know gets a blank.
 */
function approvedUses(w: Writer, intro: Line): Block[] {
  const drug = w.appeal.drug;
  if (drug?.statusNote && (drug.fdaStatus === 'withdrawn' || drug.approvedUses.length === 0)) {
    return paragraphs([
      w.say('fdaStatus', { status: [...plain(drug.statusNote.text), ...w.note(drug.statusNote.source)] }),
    ]);
  }
  if (!drug || drug.approvedUses.length === 0) return paragraphs([w.say('approvedUsesUnknown')]);
  return [
    { kind: 'paragraph', content: intro },
    { kind: 'bullets', items: drug.approvedUses.map((use) => [...plain(use.text), ...w.note(use.source)]) },
  ];
}

function labelLimits(w: Writer): Block[] {
  return paragraphs(
    (w.appeal.drug?.labelLimits ?? []).map((limit) =>
      w.say('labelLimit', { text: [...plain(limit.text), ...w.note(limit.source)] }),
    ),
  );
}

function guideline(w: Writer): Line {
  const drug = w.appeal.drug;
  if (!drug) return w.say('guideline');
  const org = w.choice(drug.guidelineOrg);
  return w.say('guideline', {
    org: [...(typeof org === 'string' ? plain(org) : org), ...w.note(drug.guidelineSource)],
  });
}

/** The patient encloses the prescriber's letter; the care team's letter is that letter, so it gives its judgment instead. */
function prescriberCase(w: Writer): Line {
  return w.voice === 'patient' ? w.say('prescriberLetter') : w.say('judgment');
}

/** The diagnosis stays a blank for the chart; the approved use the user picked is named beside it. */
function diagnosis(w: Writer): Line {
  const use = w.approvedUse();
  return use ? w.say('diagnosisUse', { use }) : w.say('diagnosis');
}

/** The billed amount is checked against the label for a diagnosis, so the section names it first. */
function quantityLimit(w: Writer): Block[] {
  const use = w.approvedUse();
  const named = use ? w.sayFor('quantity-limit', 'diagnosisUse', { use }) : w.sayFor('quantity-limit', 'diagnosis');
  const [first, ...rest] = prompts(w, 'quantity-limit', ['labeled', 'given', 'billing', 'deviation', 'corrected']);
  return [...(first ? [first] : []), ...paragraphs([named]), ...rest];
}

function medicalNecessity(w: Writer): Block[] {
  return [
    heading(w, 'medical-necessity'),
    ...approvedUses(w, w.say('approvedUses')),
    ...paragraphs([diagnosis(w)]),
    ...labelLimits(w),
    ...paragraphs([guideline(w), w.say('priorTherapy'), prescriberCase(w)]),
  ];
}

function experimental(w: Writer): Block[] {
  const drug = w.appeal.drug;
  const approval =
    drug && drug.fdaStatus === 'approved'
      ? w.sayFor('experimental', 'approval', {
          month: [...plain(w.date(drug.firstApproved, 'letter.monthFormat')), ...w.note(drug.firstApprovedSource)],
        })
      : w.sayFor('experimental', 'approvalUnknown');
  return [
    heading(w, 'experimental'),
    ...(drug ? approvedUses(w, approval) : paragraphs([approval])),
    ...paragraphs([diagnosis(w)]),
    ...labelLimits(w),
    ...paragraphs([w.sayFor('experimental', 'compendia'), guideline(w), prescriberCase(w)]),
  ];
}

function nonFormulary(w: Writer): Block[] {
  const keys = w.voice === 'patient' ? ['ask', 'alternatives', 'statement'] : ['ask', 'alternatives'];
  return [...prompts(w, 'non-formulary', keys), ...(w.voice === 'careTeam' ? paragraphs([w.say('judgment')]) : [])];
}

function offLabel(w: Writer): Block[] {
  return [
    ...prompts(w, 'off-label', ['use', 'compendia', 'evidence', 'alternatives']),
    ...paragraphs([guideline(w), prescriberCase(w)]),
  ];
}
