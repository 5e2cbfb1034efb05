import { z } from 'zod';

/** zod schemas for the files under knowledge/. Every legal or drug fact carries a `source`. */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by dashes');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD');
const source = z.string().min(5, 'every fact needs a source');

export const stageSchema = z.enum(['first', 'appeal-denied']);
export type Stage = z.infer<typeof stageSchema>;

const conditionSchema = z
  .object({
    urgent: z.boolean().optional(),
    reasons: z.array(id).optional(),
    /** Holds unless the denial reason is one of these (an unknown reason passes). */
    unlessReasons: z.array(id).optional(),
    benefit: z.enum(['medical', 'pharmacy']).optional(),
    noticeOnOrAfter: isoDate.optional(),
    noticeBefore: isoDate.optional(),
  })
  .strict();
export type RuleCondition = z.infer<typeof conditionSchema>;

export const deadlineRuleSchema = z
  .object({
    id,
    stage: stageSchema,
    /**
     * Who acts: the user files, the plan or an outside reviewer decides. `you-may`
     * is an optional window (keep the drug, ask for a fast review): missing it
     * never ends the right to appeal, so it is never called a filing deadline.
     */
    kind: z.enum(['you-file', 'you-may', 'plan-decides', 'reviewer-decides']),
    when: conditionSchema.optional(),
    /** `notice`: from the date on the notice; `appeal-received`: from receipt of the appeal (shown as if today). */
    start: z.enum(['notice', 'appeal-received']),
    days: z.number().int().positive().optional(),
    hours: z.number().int().positive().optional(),
    months: z.number().int().positive().optional(),
    /** What a month count does when the day does not exist in the target month. */
    monthOverflow: z.enum(['first-of-next-month', 'last-day-of-month']).optional(),
    rollForward: z.literal('weekend-and-federal-holiday').optional(),
    /** Days added to the date on the notice because the rule presumes receipt that much later. */
    receiptPresumedDays: z.number().int().positive().optional(),
    /** The legal clock runs from receipt; the date shown (from the notice date) is the earliest it can be. */
    runsFromReceipt: z.boolean().optional(),
    /** Whether to also advise a "send it by" date a week earlier (not for short, phone-able steps). */
    sendEarly: z.boolean().default(true),
    citation: z.string().min(3),
    source,
  })
  .strict()
  .refine((r) => [r.days, r.hours, r.months].filter((v) => v !== undefined).length === 1, {
    message: 'a rule has exactly one of days, hours or months',
  })
  .refine((r) => r.months === undefined || r.monthOverflow !== undefined, {
    message: 'a month rule says what happens when the day does not exist (monthOverflow)',
  });
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;

const citedSchema = z.object({ citation: z.string().min(3), source }).strict();

export const planTypeSchema = z
  .object({
    id,
    name: z.string(),
    description: z.string(),
    regime: z.enum([
      'erisa',
      'aca-individual',
      'medicare-c',
      'medicare-d',
      'medicaid',
      'fehb',
      'tricare',
      'original-medicare',
      'unknown',
    ]),
    aliases: z.array(z.string()).default([]),
    likelyTypes: z.array(id).optional(),
    appealBasis: z.object({ text: z.string(), citation: z.string(), source }).strict(),
    claimFileRight: citedSchema.optional(),
    urgencyDeference: citedSchema.optional(),
    /** Set when an issued denial is changed only through the formal appeal (no peer-to-peer shortcut after it). */
    appealRequiredAfterDenial: citedSchema.optional(),
    rules: z.array(deadlineRuleSchema),
    notes: z
      .array(
        z
          .object({
            id,
            stage: z.enum(['first', 'appeal-denied', 'any']),
            when: conditionSchema.optional(),
            /** Shown among the warnings: a fact that changes what the user should do first. */
            warn: z.boolean().default(false),
            citation: z.string(),
            source,
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type PlanType = z.infer<typeof planTypeSchema>;

export const insurerSchema = z
  .object({
    id,
    name: z.string(),
    /** insurer: sells health plans; pbm: runs the drug benefit for plans; government: a public program. */
    kind: z.enum(['insurer', 'pbm', 'government']).default('insurer'),
    aliases: z.array(z.string().min(2)).min(1),
    /** Known misspellings: matched, but always confirmed. */
    misspellings: z.array(z.string().min(3)).default([]),
    /** Names that are sure alone but ignored beside a more specific name ("humana military tricare"). */
    broadAliases: z.array(z.string().min(2)).default([]),
    /** Names too vague to be sure ("medicare", "united"): confirmed alone, ignored beside a more specific name. */
    vagueAliases: z.array(z.string().min(2)).default([]),
    /** The company this one belongs to (a PBM's owner, a Blue plan's parent): an insurer id. */
    parent: id.optional(),
    /** The pharmacy benefit manager the insurer owns or usually uses: an insurer id of kind pbm. */
    pbm: id.optional(),
    planTypes: z.array(id).default([]),
    /** Shown in the list at the insurer question; every other insurer is found by typing its name. */
    listed: z.boolean().default(false),
    policyDocuments: z.string().optional(),
    peerToPeer: z.boolean().optional(),
    peerToPeerSource: source.optional(),
    appealAddress: z.string().default('on your denial letter'),
    note: z.string().optional(),
    /** Plan types the note is about (e.g. a note on the insurer's Medicare plans); absent: every plan type. */
    noteFor: z.array(id).optional(),
    source,
  })
  .strict()
  .refine((i) => i.noteFor === undefined || i.note !== undefined, {
    message: 'noteFor needs a note',
    path: ['noteFor'],
  })
  .refine((i) => i.peerToPeer === undefined || i.peerToPeerSource !== undefined, {
    message: 'peerToPeer needs a peerToPeerSource',
    path: ['peerToPeerSource'],
  });
export type Insurer = z.infer<typeof insurerSchema>;

const documentsByReason = z.record(z.string(), z.array(z.string().min(3)));

const sourcedText = z.object({ text: z.string(), source }).strict();

export const drugSchema = z
  .object({
    id,
    brand: z.string(),
    generic: z.string(),
    aliases: z.array(z.string().min(2)).min(1),
    misspellings: z.array(z.string()).default([]),
    drugClass: z.string(),
    /** `withdrawn`: the FDA withdrew the approval (the drug may still be compounded). */
    fdaStatus: z.enum(['approved', 'withdrawn']).default('approved'),
    statusNote: sourcedText.optional(),
    approvedUses: z.array(sourcedText),
    labelLimits: z.array(sourcedText).default([]),
    /** Used to refuse denial dates before the drug existed: exact, or earlier than the true date (the source says so). */
    firstApproved: isoDate,
    firstApprovedSource: source,
    route: z.enum(['infusion', 'injection', 'oral', 'inhaled', 'implant', 'other']),
    /** Medical benefit (Part B under Medicare) or pharmacy benefit (Part D). */
    benefit: z.enum(['medical', 'pharmacy']),
    /** When the usual benefit has an exception worth knowing (for example a Medicare coverage decision). */
    benefitNote: sourcedText.optional(),
    specialty: z.string(),
    prescriber: z.string(),
    guidelineOrg: z.string(),
    guidelineSource: source,
    /** The usual alternatives for the drug's approved uses: knowledge drug ids and other names, with the source. */
    alternatives: z
      .object({ drugs: z.array(id).default([]), others: z.array(z.string().min(3)).default([]), source })
      .strict()
      .optional(),
    documents: documentsByReason.refine((d) => 'default' in d, 'documents needs a default list'),
    criteria: documentsByReason.refine((d) => 'default' in d, 'criteria needs a default list'),
  })
  .strict()
  .refine((d) => d.fdaStatus !== 'approved' || d.approvedUses.length > 0, {
    message: 'an approved drug lists its FDA-approved uses',
    path: ['approvedUses'],
  })
  .refine((d) => d.fdaStatus === 'approved' || d.statusNote !== undefined, {
    message: 'a withdrawn drug explains its status in statusNote',
    path: ['statusNote'],
  });
export type Drug = z.infer<typeof drugSchema>;

export const reasonSchema = z
  .object({
    id,
    name: z.string(),
    keywords: z.array(z.string()).min(1),
    insurerWording: z.array(z.string()).default([]),
    planWants: z.string(),
    /** What to get from the plan or public sources (always listed). */
    documents: z.array(z.string()).min(1),
    /** What to get from the chart when the drug has no list of its own for this reason. */
    chartDocuments: z.array(z.string()).min(1),
    requirements: z.array(z.string()).min(1),
    source,
  })
  .strict();
export type DenialReason = z.infer<typeof reasonSchema>;

/** When a contact or program fact was last confirmed at its source; `npm run knowledge:check` fails past 18 months. */
const checked = isoDate;
const url = z.string().regex(/^https:\/\/[^\s]+$/, 'links are https URLs');
const phone = z.string().regex(/^(1-)?\d{3}-\d{3}-\d{4}( \(TTY\))?$|^\d{3}-\d{4}$/, 'phones look like 800-555-0100');

const contactSchema = z
  .object({
    name: z.string().min(3),
    phone: phone.optional(),
    website: url.optional(),
    source,
    checked,
  })
  .strict();
export type Contact = z.infer<typeof contactSchema>;

export const stateSchema = z
  .object({
    code: z.string().regex(/^[A-Z]{2}$/, 'a two-letter USPS code'),
    name: z.string().min(4),
    /** Other names people type ("Calif", "Mass"). */
    aliases: z.array(z.string().min(3)).default([]),
    kind: z.enum(['state', 'district', 'territory']),
    /** The state's health-insurance Consumer Assistance Program, where one is in operation. */
    consumerAssistance: contactSchema.optional(),
    insuranceDepartment: contactSchema.extend({ complaintPage: url.optional() }).strict().optional(),
    /** Who runs external review for state-regulated (insured) plans; self-funded employer plans always use the federal rules. */
    externalReview: z
      .object({ process: z.enum(['state', 'federal']), source, checked })
      .strict()
      .optional(),
    medicaidFairHearing: contactSchema.optional(),
  })
  .strict();
export type StateHelp = z.infer<typeof stateSchema>;

const sourcedOffer = z.object({ text: z.string().min(10), source, checked }).strict();
const bridgeOffer = sourcedOffer
  .extend({
    /** The maker limits the supply to commercially insured patients, so people on Medicare, Medicaid or TRICARE are not shown it. */
    commercialOnly: z.boolean().default(false),
  })
  .strict();

export const supportProgramSchema = z
  .object({
    /** A drug id from knowledge/drugs/. */
    drug: id,
    maker: z.string().min(2),
    program: contactSchema,
    /** Free or quick-start supply while coverage is delayed or appealed, when the maker offers one. */
    bridgeSupply: bridgeOffer.optional(),
    /** Copay help for commercially insured patients (never usable with Medicare or Medicaid). */
    copayHelp: sourcedOffer.optional(),
    /** Independent charitable foundations commonly used for the condition. */
    foundations: z.array(contactSchema).default([]),
  })
  .strict();
export type SupportProgram = z.infer<typeof supportProgramSchema>;

export const supportProgramsFileSchema = z
  .object({
    /** Why copay cards are refused to people on public programs, with the statute. */
    copayCardRule: z.object({ regimes: z.array(z.string()).min(1), citation: z.string().min(3), source }).strict(),
    programs: z.array(z.unknown()),
  })
  .strict();
export type CopayCardRule = z.infer<typeof supportProgramsFileSchema>['copayCardRule'];
/**
 * The knowledge's words in another language (`knowledge/i18n/<locale>.yaml`), by id:
 * what the chat shows (names, descriptions, document lists) and the words people type
 * in that language. Facts and their sources stay in the English files; the letter to
 * the plan uses those.
 */
const words = z.array(z.string().min(1)).default([]);
export const knowledgeTranslationSchema = z
  .object({
    reasons: z
      .record(
        z.string(),
        z
          .object({
            name: z.string().min(1),
            keywords: words,
            planWants: z.string().min(1),
            documents: z.array(z.string()).min(1),
            chartDocuments: z.array(z.string()).min(1),
          })
          .strict(),
      )
      .default({}),
    planTypes: z
      .record(
        z.string(),
        z.object({ name: z.string().min(1), description: z.string().min(1), aliases: words }).strict(),
      )
      .default({}),
    insurers: z
      .record(
        z.string(),
        z
          .object({
            /** Only for names with ordinary words in them ("Medicaid (your state's program)"); brands stay. */
            name: z.string().min(1).optional(),
            note: z.string().min(1).optional(),
            aliases: words,
          })
          .strict(),
      )
      .default({}),
    drugs: z.record(z.string(), z.object({ documents: documentsByReason }).strict()).default({}),
    /** By drug id: the maker's offers in this language (`support-programs.yaml` texts); program names stay as they are. */
    supportPrograms: z
      .record(
        z.string(),
        z.object({ bridgeSupply: z.string().min(10).optional(), copayHelp: z.string().min(10).optional() }).strict(),
      )
      .default({}),
  })
  .strict();
export type KnowledgeTranslation = z.infer<typeof knowledgeTranslationSchema>;
