import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { fixedClock } from '../../src/core/clock.js';
import { MemorySessionStore } from '../../src/core/session-store.js';
import { COMMANDS, reply, type UserInput } from '../../src/core/types.js';
import { appealStateSchema } from '../../src/flows/appeal/state.js';

/** What every adapter relies on: the shape of each reply, as the neutral model defines it, and a .docx letter. */
const replySchema = reply.refine((r) => r.kind !== 'file' || r.fileName.endsWith('.docx'), 'letters are .docx files');

const steps = [
  'insurer',
  'drug',
  'reason',
  'plan',
  'stage',
  'denialDate',
  'urgency',
  'author',
  'change',
  'command',
  'bogus',
];
const choiceIds = [
  'cigna',
  'bcbs',
  'other',
  'none',
  'use',
  'c0',
  'c1',
  'c2',
  'c9',
  'medical-necessity',
  'quantity-limit',
  'employer',
  'unknown',
  'medicare-advantage',
  'first',
  'appeal-denied',
  'yes',
  'no',
  'patient',
  'care-team',
  'insurer',
  'denialDate',
  'back',
  'forget',
  '__proto__',
  'constructor',
  '',
];
const phrases = [
  'cigna',
  'blue cross',
  'ocrevus',
  'ocrevis',
  'saphnelo',
  'roctavian',
  'not medically necessary',
  'quantity limit',
  'employer',
  "i don't know",
  'medicare advantage',
  'first',
  'they denied my appeal',
  '2026-03-03',
  '3/4/2026',
  'March 3',
  'last tuesday',
  '2 weeks ago',
  'yes',
  'no',
  'back',
  'change',
  'change the date',
  'change drug',
  'restart',
  'help',
  'status',
  'forget me',
  '1',
  '2',
  '12',
  'patient',
  'prescriber',
];

const input: fc.Arbitrary<UserInput> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...phrases).map((text) => ({ kind: 'text' as const, text })) },
  { weight: 2, arbitrary: fc.string({ maxLength: 300 }).map((text) => ({ kind: 'text' as const, text })) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme', maxLength: 50 }).map((text) => ({ kind: 'text' as const, text })),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('choice' as const),
      step: fc.constantFrom(...steps),
      choice: fc.constantFrom(...choiceIds),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('date' as const),
      step: fc.constantFrom('denialDate', 'drug'),
      date: fc.constantFrom('2026-03-03', '2026-02-30', '2030-01-01', 'not-a-date', '1900-01-01'),
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom(...COMMANDS).map((command) => ({ kind: 'command' as const, command })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'start' as const }) },
);

const HAPPY_PATH: UserInput[] = [
  'cigna',
  'ocrevus',
  'quantity limit',
  'employer',
  'first',
  '2026-03-03',
  'no',
  'patient',
].map((text) => ({ kind: 'text', text }));

describe('the engine under random conversations', () => {
  it('never throws, every reply is well-formed, and the saved state always validates', async () => {
    await fc.assert(
      // A random-length prefix of a real conversation puts the random inputs at every step.
      fc.asyncProperty(
        fc.nat({ max: HAPPY_PATH.length }),
        fc.array(input, { minLength: 1, maxLength: 60 }),
        async (depth, random) => {
          const inputs = [...HAPPY_PATH.slice(0, depth), ...random];
          const store = new MemorySessionStore();
          const bot = createBot({ store, clock: fixedClock('2026-04-01') });
          const key = 'prop:space:user';
          for (const [i, inbound] of inputs.entries()) {
            const { replies } = await bot.handle({ conversation: key, eventId: `e${i}`, input: inbound });
            for (const reply of replies) replySchema.parse(reply);
            const saved = await store.get(key);
            if (saved) {
              // A round trip through JSON, as every durable store does.
              const state = JSON.parse(JSON.stringify(saved.data)).state;
              appealStateSchema.parse(state);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000);
});
