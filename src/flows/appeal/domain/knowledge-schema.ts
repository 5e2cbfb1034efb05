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
    /** Who acts: the user files, the plan or an outside reviewer decides. */
    kind: z.enum(['you-file', 'plan-decides', 'reviewer-decides']),
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
    regime: z.enum(['erisa', 'aca-individual', 'medicare-c', 'medicare-d', 'medicaid', 'fehb', 'tricare', 'original-medicare', 'unknown']),
    aliases: z.array(z.string()).default([]),
    likelyTypes: z.array(id).optional(),
    appealBasis: z.object({ text: z.string(), citation: z.string(), source }).strict(),
    claimFileRight: citedSchema.optional(),
    urgencyDeference: citedSchema.optional(),
    rules: z.array(deadlineRuleSchema),
    notes: z
      .array(
        z
          .object({ id, stage: z.enum(['first', 'appeal-denied', 'any']), when: conditionSchema.optional(), citation: z.string(), source })
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
    aliases: z.array(z.string().min(2)).min(1),
    planTypes: z.array(id).default([]),
    policyDocuments: z.string().optional(),
    peerToPeer: z.boolean().optional(),
    appealAddress: z.string().optional(),
    note: z.string().optional(),
    source,
  })
  .strict();
export type Insurer = z.infer<typeof insurerSchema>;

const documentsByReason = z.record(z.string(), z.array(z.string().min(3)));

export const drugSchema = z
  .object({
    id,
    brand: z.string(),
    generic: z.string(),
    aliases: z.array(z.string().min(2)).min(1),
    misspellings: z.array(z.string()).default([]),
    drugClass: z.string(),
    approvedUses: z.array(z.object({ text: z.string(), source }).strict()).min(1),
    labelLimits: z.array(z.object({ text: z.string(), source }).strict()).default([]),
    firstApproved: isoDate,
    firstApprovedSource: source,
    route: z.enum(['infusion', 'injection', 'oral', 'inhaled', 'implant', 'other']),
    /** Medical benefit (Part B under Medicare) or pharmacy benefit (Part D). */
    benefit: z.enum(['medical', 'pharmacy']),
    specialty: z.string(),
    prescriber: z.string(),
    guidelineOrg: z.string(),
    guidelineSource: source,
    documents: documentsByReason.refine((d) => 'default' in d, 'documents needs a default list'),
    criteria: documentsByReason.refine((d) => 'default' in d, 'criteria needs a default list'),
  })
  .strict();
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
