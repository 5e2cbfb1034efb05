import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createBot } from '../../bot.js';
import { fixedClock, systemClock } from '../../core/clock.js';
import { translator } from '../../core/i18n.js';
import { appealCase } from '../../flows/appeal/domain/appeal-case.js';
import { isCalendarDate } from '../../flows/appeal/domain/calendar.js';
import { readDenialDate } from '../../flows/appeal/domain/denial-date.js';
import { loadKnowledge, type Knowledge } from '../../flows/appeal/domain/knowledge.js';
import type { Matcher } from '../../flows/appeal/domain/match.js';
import { findState } from '../../flows/appeal/domain/state-help.js';
import { appealHelp } from '../../flows/appeal/domain/where-to-get-help.js';
import { buildAppealLetter } from '../../flows/appeal/letter/index.js';
import type { AppealContext } from '../../flows/appeal/context.js';
import { runChat } from './chat.js';
import { draftJson } from './draft.js';

const USAGE = `Usage:
  overturn chat [--today YYYY-MM-DD] [--out FOLDER]
  overturn draft --insurer NAME --drug NAME --reason ID|TEXT --plan ID|TEXT --denial-date DATE
                 [--stage first|appeal-denied] [--urgent] [--today YYYY-MM-DD]
                 [--json] [--out letter.docx] [--author patient|care-team] [--state XX|ZIP]

Plan ids: employer, employer-self-funded, marketplace, medicare-advantage, medicare-part-d,
          original-medicare, medicaid, fehb, tricare, unknown (or words, e.g. "medicare advantage").
Reason ids: medical-necessity, quantity-limit, step-therapy, prior-authorization,
            non-formulary, experimental (or the words on your letter).`;

class UsageError extends Error {}

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

function stateCode(value: string | undefined, knowledge: Knowledge): string | undefined {
  if (value === undefined) return undefined;
  const found = findState(value, knowledge);
  if (found.kind === 'sure') return found.code;
  throw new UsageError(`--state "${value}" is not a state: use its two-letter code, such as NY, or a ZIP code.`);
}

async function draft(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      insurer: { type: 'string' },
      drug: { type: 'string' },
      reason: { type: 'string' },
      plan: { type: 'string' },
      'denial-date': { type: 'string' },
      stage: { type: 'string', default: 'first' },
      urgent: { type: 'boolean', default: false },
      today: { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      author: { type: 'string', default: 'patient' },
      state: { type: 'string' },
    },
  });
  for (const name of ['insurer', 'drug', 'reason', 'plan', 'denial-date'] as const) {
    if (!values[name]) throw new UsageError(`--${name} is required.`);
  }
  if (values.stage !== 'first' && values.stage !== 'appeal-denied')
    throw new UsageError('--stage is first or appeal-denied.');
  if (values.author !== 'patient' && values.author !== 'care-team')
    throw new UsageError('--author is patient or care-team.');
  const date = today(values.today);
  const knowledge: Knowledge = loadKnowledge();
  const reading = readDenialDate(values['denial-date']!, date);
  if (reading.kind === 'none' || (reading.kind === 'confirm' && reading.options.length > 1)) {
    throw new UsageError(`--denial-date "${values['denial-date']}" is unclear; use YYYY-MM-DD.`);
  }
  const denialDate = reading.kind === 'sure' ? reading.date : reading.options[0]!;
  if (denialDate > date) throw new UsageError(`--denial-date ${denialDate} is after today (${date}).`);
  const ctx: AppealContext = { today: date, knowledge, t: translator('en'), locale: 'en', retentionDays: 30 };
  const appeal = appealCase(
    {
      insurerId: resolveId('insurer', values.insurer!, knowledge.insurers, knowledge.match.insurer, false),
      insurerText: values.insurer,
      drugId: resolveId('drug', values.drug!, knowledge.drugs, knowledge.match.drug, false),
      drugText: values.drug,
      reasonId: resolveId('reason', values.reason!, knowledge.reasons, knowledge.match.reason, true),
      planTypeId: resolveId('plan', values.plan!, knowledge.planTypes, knowledge.match.planType, true)!,
      stage: values.stage,
      denialDate,
      urgent: values.urgent ?? false,
    },
    knowledge,
    date,
  );
  const output = draftJson(appeal, ctx);
  output.help = appealHelp(appeal, stateCode(values.state, knowledge), knowledge);
  if (values.out) {
    const letter = await buildAppealLetter({ appeal, author: values.author, t: ctx.t, today: date });
    await writeFile(values.out, letter.bytes);
    output.letter = values.out;
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    for (const d of output.deadlines as Array<{ label: string; due: string; daysLeft: number; citation: string }>) {
      process.stdout.write(`${d.due}  ${d.label} (${d.daysLeft} days; ${d.citation})\n`);
    }
    if (values.out) process.stdout.write(`Letter: ${values.out}\n`);
  }
}

async function chat(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { today: { type: 'string' }, out: { type: 'string', default: '.' } } });
  const clock = values.today ? fixedClock(today(values.today)) : systemClock();
  await runChat({ bot: createBot({ clock }), input: process.stdin, output: process.stdout, outDir: values.out ?? '.' });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'chat') await chat(rest);
    else if (command === 'draft') await draft(rest);
    else {
      process.stdout.write(`${USAGE}\n`);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`overturn: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
