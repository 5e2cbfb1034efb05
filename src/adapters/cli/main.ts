import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { appealContext, createBot } from '../../bot.js';
import { fixedClock, systemClock } from '../../core/clock.js';
import { translator } from '../../core/i18n.js';
import { presentEnv } from '../../core/env.js';
import { isOverturnError } from '../../core/errors.js';
import { sessionTtlSeconds, storeConfigFromEnv } from '../../core/stores/index.js';
import { appealCase } from '../../flows/appeal/domain/appeal-case.js';
import { isCalendarDate } from '../../flows/appeal/domain/calendar.js';
import { readDenialDate } from '../../flows/appeal/domain/denial-date.js';
import { loadKnowledge, type Knowledge } from '../../flows/appeal/domain/knowledge.js';
import type { Matcher } from '../../flows/appeal/domain/match.js';
import { cleanDetails, type LetterDetails, letterDetailsSchema } from '../../flows/appeal/letter/details.js';
import { findState } from '../../flows/appeal/domain/state-help.js';
import { appealHelp } from '../../flows/appeal/domain/where-to-get-help.js';
import { buildAppealLetter } from '../../flows/appeal/letter/index.js';
import { calendarFile } from '../../flows/appeal/calendar-file.js';
import { nextLevelReplies } from '../../flows/appeal/next-level.js';
import { detailsFromLetter, type LetterIdentifiers } from '../../flows/appeal/denial/details.js';
import { runChat } from './chat.js';
import { draftJson, draftText } from './draft.js';
import { problemText, readingJson, readingText, readLetterFile } from './read-denial.js';

const USAGE = `Usage:
  overturn chat [--today YYYY-MM-DD] [--out FOLDER]
  overturn read-denial FILE [--json] [--today YYYY-MM-DD]
  overturn draft --insurer NAME --drug NAME --reason ID|TEXT --plan ID|TEXT --denial-date DATE
                 [--denial-letter FILE] [--stage first|appeal-denied] [--urgent] [--today YYYY-MM-DD]
                 [--json] [--out letter.docx] [--pdf letter.pdf] [--author patient|care-team]
                 [--details details.json] [--tried NAME,NAME] [--state XX|ZIP]
                 [--ics deadlines.ics] [--ics-details]

--ics writes the deadlines as a calendar file; its events say only "Appeal deadline"
unless --ics-details puts the drug and insurer in the titles.

read-denial reads a denial letter (a PDF or a photo: JPEG, PNG, WebP, HEIC, TIFF) and prints what it
found, each with a confidence and the line it came from. With --denial-letter, draft takes every answer
it can from the letter; options you pass win over what the letter says.

Plan ids: employer, employer-self-funded, marketplace, medicare-advantage, medicare-part-d,
          original-medicare, medicaid, fehb, tricare, unknown (or words, e.g. "medicare advantage").
Reason ids: medical-necessity, quantity-limit, step-therapy, prior-authorization,
            non-formulary, experimental (or the words on your letter).`;

class UsageError extends Error {}

/** Input that is well-formed but names something Overturn does not know (exit code 1, no usage text). */
class UnknownError extends Error {}

const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

function resolveId(
  kind: string,
  value: string,
  ids: Map<string, unknown>,
  matcher: Matcher,
  required: boolean,
): string | undefined {
  if (ids.has(value)) return value;
  const m = matcher.match(value);
  if (m.kind === 'sure') return m.id;
  if (m.kind === 'guess')
    throw new UsageError(`--${kind} "${value}" is not certain: did you mean ${m.ids.join(', ')}? Pass the id.`);
  if (required) throw new UsageError(`--${kind} "${value}" is not recognised.`);
  return undefined;
}

function today(value: string | undefined): string {
  if (value === undefined) return systemClock().today();
  if (!isCalendarDate(value)) throw new UsageError(`--today must be a date like 2026-04-01, not "${value}".`);
  return value;
}

/** `--details FILE.json`: the letter details (field names in README), checked like the chat's form. */
async function readDetails(path: string | undefined): Promise<LetterDetails> {
  if (!path) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new UsageError(`--details ${path} is not a readable JSON file.`);
  }
  const parsed = letterDetailsSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(file)'))].join(', ');
    throw new UsageError(`--details ${path}: check these fields: ${fields} (see README, "Letter details").`);
  }
  return parsed.data;
}

/** `--tried a,b`: knowledge names become "Brand (generic)"; anything else is kept as typed. */
function readTried(value: string | undefined, knowledge: Knowledge): string[] | undefined {
  if (!value) return undefined;
  return value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => {
      const m = knowledge.match.drug.match(name);
      const drug = m.kind === 'sure' ? knowledge.drugs.get(m.id) : undefined;
      return drug ? `${drug.brand} (${drug.generic})` : name;
    });
}

function stateCode(value: string | undefined, knowledge: Knowledge): string | undefined {
  if (value === undefined) return undefined;
  const found = findState(value, knowledge);
  if (found.kind === 'sure') return found.code;
  throw new UsageError(`--state "${value}" is not a state: use its two-letter code, such as NY, or a ZIP code.`);
}

async function draft(args: string[]): Promise<void> {
  if (wantsHelp(args)) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { values } = parseArgs({
    args,
    options: {
      insurer: { type: 'string' },
      drug: { type: 'string' },
      reason: { type: 'string' },
      plan: { type: 'string' },
      'denial-date': { type: 'string' },
      stage: { type: 'string' },
      urgent: { type: 'boolean', default: false },
      today: { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      pdf: { type: 'string' },
      details: { type: 'string' },
      tried: { type: 'string' },
      author: { type: 'string', default: 'patient' },
      ics: { type: 'string' },
      'ics-details': { type: 'boolean', default: false },
      'denial-letter': { type: 'string' },
      state: { type: 'string' },
    },
  });
  const fromLetter = values['denial-letter']
    ? await fillFromLetter(values, values['denial-letter'], today(values.today))
    : {};
  values.stage ??= 'first';
  // Every missing option at once, so a script is fixed in one go.
  const names = ['insurer', 'drug', 'reason', 'plan', 'denial-date'] as const;
  const missing = names.filter((name) => !values[name]);
  if (missing.length === 1) throw new UsageError(`--${missing[0]} is required.`);
  if (missing.length > 1) throw new UsageError(`${missing.map((m) => `--${m}`).join(', ')} are required.`);
  const [insurer = '', drug = '', reason = '', plan = '', denialText = ''] = names.map((name) => values[name]);
  if (values.stage !== 'first' && values.stage !== 'appeal-denied')
    throw new UsageError('--stage is first or appeal-denied.');
  if (values.author !== 'patient' && values.author !== 'care-team')
    throw new UsageError('--author is patient or care-team.');
  const date = today(values.today);
  const knowledge: Knowledge = loadKnowledge();
  const reading = readDenialDate(denialText, date);
  const denialDate =
    reading.kind === 'sure' ? reading.date : reading.kind === 'confirm' ? reading.options[0] : undefined;
  if (!denialDate || (reading.kind === 'confirm' && reading.options.length > 1)) {
    throw new UsageError(`--denial-date "${denialText}" is unclear; use YYYY-MM-DD.`);
  }
  if (denialDate > date) throw new UsageError(`--denial-date ${denialDate} is after today (${date}).`);
  const ctx = appealContext({ clock: fixedClock(date), knowledge, locale: 'en', ttlSeconds: ttlSeconds() })();
  // An unknown drug would silently give a plan without its documents: say so and stop.
  const drugId = resolveId('drug', drug, knowledge.drugs, knowledge.match.drug, false);
  if (!drugId)
    throw new UnknownError(
      `--drug "${values.drug}" is not a drug I know yet. Check the spelling on the denial letter, or use the chat (overturn chat) for general guidance.`,
    );
  const appeal = appealCase(
    {
      insurerId: resolveId('insurer', insurer, knowledge.insurers, knowledge.match.insurer, false),
      insurerText: insurer,
      drugId,
      drugText: drug,
      reasonId: resolveId('reason', reason, knowledge.reasons, knowledge.match.reason, true),
      planTypeId: resolveId('plan', plan, knowledge.planTypes, knowledge.match.planType, true) ?? 'unknown',
      stage: values.stage,
      denialDate,
      urgent: values.urgent ?? false,
    },
    knowledge,
    date,
  );
  const given = await readDetails(values.details);
  const tried = readTried(values.tried, knowledge);
  // What --details and --tried say wins over what the letter says.
  const details = cleanDetails(
    detailsFromLetter(fromLetter, { ...given, ...(tried ? { tried } : {}) }, (fax) =>
      ctx.t('reading.faxLine', { fax }),
    ),
  );
  const withDetails = values.details !== undefined || tried !== undefined || Object.keys(fromLetter).length > 0;
  const facts = draftJson(appeal, ctx);
  const help = appealHelp(appeal, stateCode(values.state, knowledge), knowledge);
  const watch = nextLevelReplies(appeal, ctx).flatMap((r) => (r.kind === 'text' ? [r.text] : []));
  if (values.out || values.pdf) {
    const letter = await buildAppealLetter({
      appeal,
      author: values.author,
      t: ctx.t,
      today: date,
      ...(help.state ? { stateHelp: help.state } : {}),
      // Identifiers from --denial-letter alone fill blanks; the rest of the letter stays as without details.
      ...(withDetails ? { details, detailsReviewed: values.details !== undefined || tried !== undefined } : {}),
    });
    if (values.out) await writeFile(values.out, letter.docx.bytes);
    if (values.pdf) await writeFile(values.pdf, letter.pdf.bytes);
  }
  if (values.ics) {
    const calendar = calendarFile(appeal, ctx, { details: values['ics-details'] });
    if (calendar === null)
      throw new UsageError('--ics: every deadline has passed, so there is nothing to put in a calendar.');
    await writeFile(values.ics, calendar);
  }
  const output = {
    ...facts,
    help,
    ...(values.out ? { letter: values.out } : {}),
    ...(values.pdf ? { pdf: values.pdf } : {}),
    ...(values.ics ? { calendar: values.ics } : {}),
    ...(watch.length > 0 ? { nextLevelNote: watch.join('\n') } : {}),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    process.stdout.write(draftText(output, ctx));
    for (const line of watch) process.stdout.write(`${line}\n`);
    if (values.ics) process.stdout.write(`Calendar: ${values.ics}\n`);
  }
}

type DraftValues = Partial<Record<'insurer' | 'drug' | 'reason' | 'plan' | 'denial-date' | 'stage', string>>;

/** Answers the letter gives, for every option not passed on the command line; its identifiers for the letter. */
async function fillFromLetter(values: DraftValues, file: string, date: string): Promise<LetterIdentifiers> {
  const t = translator('en');
  const read = await readLetterFile(file, date).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--denial-letter ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  if (!read.ok) throw new UsageError(`--denial-letter: ${problemText(t, read)}`);
  const f = read.reading.fields;
  if (read.reading.drugChoices && !values.drug)
    throw new UsageError(`the letter names several drugs (${read.reading.drugChoices.join(', ')}): pass --drug.`);
  values.insurer ??= f.insurer?.id ?? f.insurer?.value;
  values.drug ??= f.drug?.id ?? f.drug?.value;
  values.reason ??= f.reason?.id;
  values.plan ??= f.plan?.id;
  values['denial-date'] ??= f.noticeDate?.value;
  values.stage ??= f.stage?.id;
  const ids: LetterIdentifiers = {};
  for (const field of ['memberId', 'claimNumber', 'appealsAddress', 'appealsFax', 'prescriber'] as const) {
    const value = f[field]?.value;
    if (value) ids[field] = value;
  }
  return ids;
}

/** Prints what a denial letter says; exit code 1 when the file cannot be read as one. */
async function readDenial(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, today: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('read-denial takes one file.');
  const t = translator('en');
  const read = await readLetterFile(file, today(values.today), (page, pages) => {
    if (!values.json) process.stderr.write(`${t('reading.progress', { page, pages })}\n`);
  }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  if (!read.ok) {
    if (values.json)
      process.stdout.write(`${JSON.stringify({ error: read.problem, message: problemText(t, read) })}\n`);
    else process.stderr.write(`${problemText(t, read)}\n`);
    return 1;
  }
  process.stdout.write(values.json ? `${JSON.stringify(readingJson(read), null, 2)}\n` : `${readingText(t, read)}\n`);
  return 0;
}

async function chat(args: string[]): Promise<void> {
  if (wantsHelp(args)) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { values } = parseArgs({ args, options: { today: { type: 'string' }, out: { type: 'string', default: '.' } } });
  const clock = values.today ? fixedClock(today(values.today)) : systemClock();
  const bot = createBot({ clock, ttlSeconds: ttlSeconds() });
  try {
    await runChat({ bot, input: process.stdin, output: process.stdout, outDir: values.out ?? '.' });
  } finally {
    await bot.close();
  }
}

/** How long answers are kept, as the server reads it (SESSION_TTL_DAYS): the chat's greeting says so. */
function ttlSeconds(): number {
  return sessionTtlSeconds(storeConfigFromEnv(presentEnv(process.env, ['SESSION_TTL_DAYS'])));
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'chat') await chat(rest);
    else if (command === 'draft') await draft(rest);
    else if (command === 'read-denial') return await readDenial(rest);
    else if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`);
    } else {
      process.stderr.write(
        `overturn: unknown command "${command}". Use "chat", "draft" or "read-denial".\n\n${USAGE}\n`,
      );
      return 2;
    }
    return 0;
  } catch (error) {
    if (error instanceof UnknownError) {
      process.stderr.write(`overturn: ${error.message}\n`);
      return 1;
    }
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`overturn: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (isOverturnError(error, 'config_invalid')) {
      process.stderr.write(`overturn: configuration error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
