import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, load } from 'js-yaml';
import { z } from 'zod';
import { OverturnError } from '../../../core/errors.js';
import { Matcher, normalize } from './match.js';
import {
  drugSchema,
  insurerSchema,
  knowledgeTranslationSchema,
  planTypeSchema,
  reasonSchema,
  stateSchema,
  supportProgramSchema,
  supportProgramsFileSchema,
  type Contact,
  type CopayCardRule,
  type DenialReason,
  type Drug,
  type Insurer,
  type KnowledgeTranslation,
  type PlanType,
  type StateHelp,
  type SupportProgram,
} from './knowledge-schema.js';

export type {
  Contact,
  CopayCardRule,
  DenialReason,
  Drug,
  Insurer,
  KnowledgeTranslation,
  PlanType,
  StateHelp,
  SupportProgram,
};

/** The knowledge base, validated and indexed once at start-up (never per turn). */
export interface Knowledge {
  planTypes: Map<string, PlanType>;
  insurers: Map<string, Insurer>;
  drugs: Map<string, Drug>;
  reasons: Map<string, DenialReason>;
  /** By USPS code: states, DC and the territories. */
  states: Map<string, StateHelp>;
  /** By drug id: the maker's patient support program. */
  supportPrograms: Map<string, SupportProgram>;
  copayCardRule?: CopayCardRule;
  /** `[first, last, state]` runs of ZIP codes, in order. */
  zipRanges: Array<[string, string, string]>;
  /** The knowledge's words in other languages, by locale (`i18n/<locale>.yaml`). */
  translations: Map<string, KnowledgeTranslation>;
  /** Matching reads every language at once: a Spanish reason typed in an English session still matches. */
  match: {
    insurer: Matcher;
    drug: Matcher;
    reason: Matcher;
    planType: Matcher;
    state: Matcher;
  };
}

export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('../../../../knowledge/', import.meta.url));

export interface KnowledgeReport {
  errors: string[];
  counts: { planTypes: number; insurers: number; drugs: number; reasons: number };
}

interface RawKnowledge {
  planTypes: PlanType[];
  insurers: Insurer[];
  drugs: Drug[];
  reasons: DenialReason[];
  states: StateHelp[];
  supportPrograms: SupportProgram[];
  copayCardRule?: CopayCardRule;
  zipRanges: Array<[string, string, string]>;
  translations: Map<string, KnowledgeTranslation>;
}

function readYaml(file: string): unknown {
  return load(readFileSync(file, 'utf8'), { schema: CORE_SCHEMA });
}

function validateList<S extends z.ZodType>(
  schema: S,
  data: unknown,
  where: string,
  errors: string[],
): Array<z.infer<S>> {
  if (!Array.isArray(data)) {
    errors.push(`${where}: expected a list`);
    return [];
  }
  const items: Array<z.infer<S>> = [];
  data.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    const label = `${where}[${index}]${item && typeof item === 'object' && 'id' in item ? ` (${String(item.id)})` : ''}`;
    if (parsed.success) items.push(parsed.data);
    else for (const issue of parsed.error.issues) errors.push(`${label} ${issue.path.join('.')}: ${issue.message}`);
  });
  return items;
}

function optionalList<S extends z.ZodType>(schema: S, path: string, errors: string[]): Array<z.infer<S>> {
  return existsSync(path) ? validateList(schema, readYaml(path), path.split(/[\\/]/).pop() ?? path, errors) : [];
}

function readSupportPrograms(
  path: string,
  errors: string[],
): { supportPrograms: SupportProgram[]; copayCardRule?: CopayCardRule } {
  if (!existsSync(path)) return { supportPrograms: [] };
  const parsed = supportProgramsFileSchema.safeParse(readYaml(path));
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors.push(`support-programs.yaml ${issue.path.join('.')}: ${issue.message}`);
    return { supportPrograms: [] };
  }
  return {
    supportPrograms: validateList(supportProgramSchema, parsed.data.programs, 'support-programs.yaml', errors),
    copayCardRule: parsed.data.copayCardRule,
  };
}

const zipRangesSchema = z
  .object({
    source: z.string(),
    ranges: z.array(
      z.tuple([z.string().regex(/^\d{5}$/), z.string().regex(/^\d{5}$/), z.string().regex(/^[A-Z]{2}$/)]),
    ),
  })
  .strict();

function readZipRanges(path: string, errors: string[]): Array<[string, string, string]> {
  if (!existsSync(path)) return [];
  const parsed = zipRangesSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (parsed.success) return parsed.data.ranges;
  errors.push(`zip-states.json: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return [];
}

function readAll(dir: string, errors: string[]): RawKnowledge {
  const file = (name: string) => join(dir, name);
  const drugDir = file('drugs');
  const drugFiles = existsSync(drugDir)
    ? readdirSync(drugDir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : [];
  const i18nDir = file('i18n');
  const translations = new Map<string, KnowledgeTranslation>();
  for (const f of existsSync(i18nDir) ? readdirSync(i18nDir).filter((n) => n.endsWith('.yaml')) : []) {
    const parsed = knowledgeTranslationSchema.safeParse(readYaml(join(i18nDir, f)));
    if (parsed.success) translations.set(f.replace(/\.yaml$/, ''), parsed.data);
    else for (const issue of parsed.error.issues) errors.push(`i18n/${f} ${issue.path.join('.')}: ${issue.message}`);
  }
  return {
    translations,
    planTypes: validateList(planTypeSchema, readYaml(file('plan-types.yaml')), 'plan-types.yaml', errors),
    insurers: validateList(insurerSchema, readYaml(file('insurers.yaml')), 'insurers.yaml', errors),
    reasons: validateList(reasonSchema, readYaml(file('reasons.yaml')), 'reasons.yaml', errors),
    drugs: drugFiles.flatMap((f) => validateList(drugSchema, [readYaml(join(drugDir, f))], `drugs/${f}`, errors)),
    states: optionalList(stateSchema, file('states.yaml'), errors),
    ...readSupportPrograms(file('support-programs.yaml'), errors),
    zipRanges: readZipRanges(file('zip-states.json'), errors),
  };
}

function byCode(items: StateHelp[], errors: string[]): Map<string, StateHelp> {
  const map = new Map<string, StateHelp>();
  for (const item of items) {
    if (map.has(item.code)) errors.push(`states: duplicate code ${item.code}`);
    map.set(item.code, item);
  }
  return map;
}

function byDrug(items: SupportProgram[], errors: string[]): Map<string, SupportProgram> {
  const map = new Map<string, SupportProgram>();
  for (const item of items) {
    if (map.has(item.drug)) errors.push(`support programs: two entries for ${item.drug}`);
    map.set(item.drug, item);
  }
  return map;
}

function byId<T extends { id: string }>(items: T[], kind: string, errors: string[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.id)) errors.push(`${kind}: duplicate id ${item.id}`);
    map.set(item.id, item);
  }
  return map;
}

/** Names that point at two different entries make matching ambiguous: an error in the data. */
function aliasCollisions(kind: string, entries: Array<{ id: string; names: string[] }>, errors: string[]): void {
  const owner = new Map<string, string>();
  for (const entry of entries) {
    for (const name of unique(entry.names.map(normalize))) {
      const previous = owner.get(name);
      if (previous && previous !== entry.id)
        errors.push(`${kind}: "${name}" is a name of both ${previous} and ${entry.id}`);
      owner.set(name, entry.id);
    }
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/**
 * A generic name several brands share (semaglutide: Ozempic, Wegovy, Rybelsus)
 * cannot say which one is meant: it matches all of them and the flow asks.
 */
function sharedGenerics(drugs: Iterable<Drug>): Set<string> {
  const count = new Map<string, number>();
  for (const d of drugs) count.set(normalize(d.generic), (count.get(normalize(d.generic)) ?? 0) + 1);
  return new Set([...count].filter(([, n]) => n > 1).map(([name]) => name));
}

function drugNames(d: Drug, shared: Set<string>): { names: string[]; misspellings: string[] } {
  const generic = shared.has(normalize(d.generic));
  return {
    names: [d.brand, ...(generic ? [] : [d.generic]), ...d.aliases],
    misspellings: [...(generic ? [d.generic] : []), ...d.misspellings],
  };
}

function crossCheck(k: Omit<Knowledge, 'match'>, errors: string[]): void {
  for (const insurer of k.insurers.values()) {
    for (const plan of [...insurer.planTypes, ...(insurer.noteFor ?? [])])
      if (!k.planTypes.has(plan)) errors.push(`insurers.yaml (${insurer.id}): unknown plan type ${plan}`);
    if (insurer.parent && !k.insurers.has(insurer.parent))
      errors.push(`insurers.yaml (${insurer.id}): unknown parent ${insurer.parent}`);
    if (insurer.parent === insurer.id) errors.push(`insurers.yaml (${insurer.id}): is its own parent`);
    if (insurer.pbm) {
      const pbm = k.insurers.get(insurer.pbm);
      if (!pbm) errors.push(`insurers.yaml (${insurer.id}): unknown pbm ${insurer.pbm}`);
      else if (pbm.kind !== 'pbm')
        errors.push(`insurers.yaml (${insurer.id}): pbm ${insurer.pbm} is not a pharmacy benefit manager`);
    }
  }
  for (const plan of k.planTypes.values()) {
    for (const likely of plan.likelyTypes ?? [])
      if (!k.planTypes.has(likely)) errors.push(`plan-types.yaml (${plan.id}): unknown likely type ${likely}`);
    for (const rule of plan.rules) {
      for (const reason of rule.when?.reasons ?? [])
        if (!k.reasons.has(reason)) errors.push(`plan-types.yaml (${plan.id}.${rule.id}): unknown reason ${reason}`);
    }
  }
  for (const drug of k.drugs.values()) {
    for (const other of drug.alternatives?.drugs ?? [])
      if (!k.drugs.has(other) || other === drug.id) errors.push(`drugs/${drug.id}: unknown alternative ${other}`);
    for (const key of [...Object.keys(drug.documents), ...Object.keys(drug.criteria)]) {
      if (key !== 'default' && !k.reasons.has(key)) errors.push(`drugs/${drug.id}: unknown reason ${key}`);
    }
  }
  for (const program of k.supportPrograms.values())
    if (!k.drugs.has(program.drug)) errors.push(`support-programs.yaml: unknown drug ${program.drug}`);
  aliasCollisions(
    'states',
    [...k.states.values()].map((s) => ({ id: s.code, names: [s.name, ...s.aliases] })),
    errors,
  );
  if (!k.planTypes.has('unknown')) errors.push('plan-types.yaml: the "unknown" plan type is required');
  for (const [locale, tr] of k.translations) {
    const unknown = (kind: string, ids: string[], known: Map<string, unknown>) => {
      for (const id of ids) if (!known.has(id)) errors.push(`i18n/${locale}.yaml: unknown ${kind} ${id}`);
    };
    unknown('reason', Object.keys(tr.reasons), k.reasons);
    unknown('plan type', Object.keys(tr.planTypes), k.planTypes);
    unknown('insurer', Object.keys(tr.insurers), k.insurers);
    unknown('drug', Object.keys(tr.drugs), k.drugs);
    for (const [drug, offers] of Object.entries(tr.supportPrograms)) {
      const program = k.supportPrograms.get(drug);
      if (!program) errors.push(`i18n/${locale}.yaml: no support program for ${drug}`);
      for (const offer of ['bridgeSupply', 'copayHelp'] as const)
        if (offers[offer] && !program?.[offer]) errors.push(`i18n/${locale}.yaml: ${drug} has no ${offer} in English`);
    }
  }
  aliasCollisions(
    'insurers',
    [...k.insurers.values()].map((i) => ({
      id: i.id,
      names: [
        i.name,
        ...i.aliases,
        ...i.misspellings,
        ...i.broadAliases,
        ...i.vagueAliases,
        ...[...k.translations.values()].flatMap((tr) => tr.insurers[i.id]?.aliases ?? []),
      ],
    })),
    errors,
  );
  const shared = sharedGenerics(k.drugs.values());
  aliasCollisions(
    'drugs',
    [...k.drugs.values()].map((d) => {
      const { names, misspellings } = drugNames(d, shared);
      return { id: d.id, names: [...names, ...misspellings.filter((m) => !shared.has(normalize(m)))] };
    }),
    errors,
  );
  for (const d of k.drugs.values()) {
    for (const name of [d.brand, ...d.aliases, ...d.misspellings].map(normalize)) {
      if (shared.has(name))
        errors.push(`drugs: "${name}" is a generic name several drugs share, not a name of ${d.id} alone`);
    }
  }
  aliasCollisions(
    'reasons',
    [...k.reasons.values()].map((r) => ({ id: r.id, names: reasonNames(r, k.translations) })),
    errors,
  );
  aliasCollisions(
    'plan types',
    [...k.planTypes.values()].map((p) => ({ id: p.id, names: planTypeNames(p, k.translations) })),
    errors,
  );
}

/** Every name of a reason people may type, in every language the knowledge has. */
function reasonNames(r: DenialReason, translations: Map<string, KnowledgeTranslation>): string[] {
  const translated = [...translations.values()].flatMap((tr) => {
    const own = tr.reasons[r.id];
    return own ? [own.name, ...own.keywords] : [];
  });
  return [r.name, ...r.keywords, ...r.insurerWording, ...translated];
}

function planTypeNames(p: PlanType, translations: Map<string, KnowledgeTranslation>): string[] {
  const translated = [...translations.values()].flatMap((tr) => {
    const own = tr.planTypes[p.id];
    return own ? [own.name, ...own.aliases] : [];
  });
  return [p.name, ...p.aliases, ...translated];
}

function matchers(k: Omit<Knowledge, 'match'>): Knowledge['match'] {
  const shared = sharedGenerics(k.drugs.values());
  const ask = { whenSeveral: 'ask' } as const;
  return {
    insurer: new Matcher(
      // PBM and public-program names are broad: "Cigna through Express Scripts" means Cigna, and
      // "Kaiser Medi-Cal" means Kaiser, the plan you appeal to first.
      [...k.insurers.values()].map((i) => {
        const secondary = i.kind !== 'insurer';
        // A name also listed as broad ("Blue Cross Blue Shield") stays broad.
        const broad = new Set(i.broadAliases.map(normalize));
        const translated = [...k.translations.values()].flatMap((tr) => tr.insurers[i.id]?.aliases ?? []);
        const names = [i.name, ...i.aliases, ...translated].filter((n) => !broad.has(normalize(n)));
        return {
          id: i.id,
          names: secondary ? [] : names,
          misspellings: i.misspellings,
          broad: [...i.broadAliases, ...(secondary ? names : [])],
          vague: i.vagueAliases,
        };
      }),
      ask,
    ),
    drug: new Matcher(
      [...k.drugs.values()].map((d) => ({ id: d.id, ...drugNames(d, shared) })),
      ask,
    ),
    reason: new Matcher(
      [...k.reasons.values()].map((r) => ({
        id: r.id,
        names: [r.id.replace(/-/g, ' '), ...reasonNames(r, k.translations)],
      })),
      ask,
    ),
    planType: new Matcher(
      [...k.planTypes.values()].map((p) => ({
        id: p.id,
        names: [p.id.replace(/-/g, ' '), ...planTypeNames(p, k.translations)],
      })),
      ask,
    ),
    state: new Matcher(
      [...k.states.values()].map((s) => ({ id: s.code, names: [s.name, ...s.aliases] })),
      ask,
    ),
  };
}

/** Validates every knowledge file; used by `npm run knowledge:check` and at start-up. */
export function checkKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR): {
  report: KnowledgeReport;
  knowledge?: Knowledge;
} {
  const errors: string[] = [];
  let raw: RawKnowledge;
  try {
    raw = readAll(dir, errors);
  } catch (error) {
    errors.push(`cannot read knowledge files: ${error instanceof Error ? error.message : String(error)}`);
    return { report: { errors, counts: { planTypes: 0, insurers: 0, drugs: 0, reasons: 0 } } };
  }
  const base = {
    translations: raw.translations,
    planTypes: byId(raw.planTypes, 'plan types', errors),
    insurers: byId(raw.insurers, 'insurers', errors),
    drugs: byId(raw.drugs, 'drugs', errors),
    reasons: byId(raw.reasons, 'reasons', errors),
    states: byCode(raw.states, errors),
    supportPrograms: byDrug(raw.supportPrograms, errors),
    ...(raw.copayCardRule ? { copayCardRule: raw.copayCardRule } : {}),
    zipRanges: raw.zipRanges,
  };
  crossCheck(base, errors);
  const counts = {
    planTypes: base.planTypes.size,
    insurers: base.insurers.size,
    drugs: base.drugs.size,
    reasons: base.reasons.size,
  };
  if (errors.length > 0) return { report: { errors, counts } };
  const knowledge: Knowledge = { ...base, match: matchers(base) };
  return { report: { errors, counts }, knowledge };
}

const cache = new Map<string, Knowledge>();

/** Loads and indexes the knowledge base once per directory; throws with every problem listed. */
export function loadKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR): Knowledge {
  const cached = cache.get(dir);
  if (cached) return cached;
  const { report, knowledge } = checkKnowledge(dir);
  if (!knowledge) {
    throw new OverturnError('knowledge_invalid', `knowledge in ${dir} is invalid:\n${report.errors.join('\n')}`);
  }
  cache.set(dir, knowledge);
  return knowledge;
}

/** A plan type by id, or the "unknown" one (which checked knowledge always has) for an id it does not have. */
export function planTypeOrUnknown(knowledge: Pick<Knowledge, 'planTypes'>, id: string): PlanType {
  const plan = knowledge.planTypes.get(id) ?? knowledge.planTypes.get('unknown');
  if (!plan) throw new OverturnError('knowledge_invalid', 'plan-types.yaml: the "unknown" plan type is required');
  return plan;
}

const localized = new WeakMap<Knowledge, Map<string, Knowledge>>();

/**
 * The knowledge as a user reading `locale` sees it: names, descriptions,
 * document lists and the drug makers' offers from `i18n/<locale>.yaml`. A drug whose lists are not
 * translated shows the reason's own lists. Ids, rules, citations and matching
 * are the same objects. English, or a locale with no translation, is the
 * knowledge itself.
 */
export function localizeKnowledge(knowledge: Knowledge, locale: string): Knowledge {
  const tr = knowledge.translations.get(locale);
  if (!tr) return knowledge;
  let perLocale = localized.get(knowledge);
  if (!perLocale) {
    perLocale = new Map();
    localized.set(knowledge, perLocale);
  }
  const cached = perLocale.get(locale);
  if (cached) return cached;
  const remap = <T extends { id: string }>(map: Map<string, T>, change: (item: T) => T) =>
    new Map([...map].map(([id, item]) => [id, change(item)]));
  const shown: Knowledge = {
    ...knowledge,
    reasons: remap(knowledge.reasons, (r) => ({ ...r, ...(tr.reasons[r.id] ?? {}) })),
    planTypes: remap(knowledge.planTypes, (p) => {
      const own = tr.planTypes[p.id];
      return own ? { ...p, name: own.name, description: own.description } : p;
    }),
    insurers: remap(knowledge.insurers, (i) => {
      const { note: _english, ...rest } = i;
      const own = tr.insurers[i.id];
      return { ...rest, ...(own?.name ? { name: own.name } : {}), ...(own?.note ? { note: own.note } : {}) };
    }),
    drugs: remap(knowledge.drugs, (d) => ({ ...d, documents: tr.drugs[d.id]?.documents ?? { default: [] } })),
    supportPrograms: new Map(
      [...knowledge.supportPrograms].map(([drug, p]) => {
        const own = tr.supportPrograms[drug];
        return [
          drug,
          {
            ...p,
            ...(p.bridgeSupply && own?.bridgeSupply
              ? { bridgeSupply: { ...p.bridgeSupply, text: own.bridgeSupply } }
              : {}),
            ...(p.copayHelp && own?.copayHelp ? { copayHelp: { ...p.copayHelp, text: own.copayHelp } } : {}),
          },
        ];
      }),
    ),
  };
  perLocale.set(locale, shown);
  return shown;
}
