import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.js';
import type { Reply } from '../../src/core/types.js';
import { docxText } from '../letter/support.js';

/**
 * "Another language is data only": a copy of the product gets a pseudo-locale
 * (`qps-ploc`) made from the English catalog files alone, every message wrapped
 * in ⟦ ⟧, and a whole conversation runs in it, with no code changed.
 */
const root = join(import.meta.dirname, '..', '..');
const LOCALE = 'qps-ploc';
/** Not prose: word lists people type, and the catalog's settings. */
const KEPT = /(Words|^commands\.words\..*|^core\.(locale\.(dateFns|chrono)|date\..*))$/;

function pseudo(value: unknown, key: string): unknown {
  if (typeof value === 'string') {
    if (key === 'core.locale.words') return 'pseudo|pseudolocale';
    return KEPT.test(key) ? value : `⟦${value}⟧`;
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pseudo(v, key ? `${key}.${k}` : k)]));
  return value;
}

let work = '';
let bot: Bot;

beforeAll(async () => {
  work = mkdtempSync(join(root, '.locale-test-'));
  cpSync(join(root, 'src'), join(work, 'src'), { recursive: true });
  symlinkSync(join(root, 'knowledge'), join(work, 'knowledge'));
  const en = join(work, 'src/core/i18n/en');
  const target = join(work, 'src/core/i18n', LOCALE);
  mkdirSync(target);
  for (const file of readdirSync(en).filter((f) => f !== 'letter.json')) {
    const area = file.replace(/\.json$/, '');
    writeFileSync(join(target, file), JSON.stringify(pseudo(JSON.parse(readFileSync(join(en, file), 'utf8')), area)));
  }
  const product: typeof import('../../src/bot.js') = await import(join(work, 'src/bot.ts'));
  const clock: typeof import('../../src/core/clock.js') = await import(join(work, 'src/core/clock.ts'));
  bot = product.createBot({ clock: clock.fixedClock('2026-04-01') });
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function words(replies: Reply[]): string[] {
  return replies.flatMap((r) => {
    if (r.kind === 'text') return [r.text];
    // Choice labels may be knowledge names (insurers, drugs), which are the same in every language.
    if (r.kind === 'question') return [r.text, ...(r.hint ? [r.hint] : []), ...r.nav.map((n) => n.label)];
    if (r.kind === 'summary') return [r.title, ...r.deadlines.map((d) => d.label), ...r.sections.map((s) => s.heading)];
    return [r.caption];
  });
}

describe('a third language from data alone', () => {
  it('runs a whole conversation, chosen by the platform locale or by its name', async () => {
    const conversation = 'test:space:pseudo';
    const say = async (text: string) => {
      const outcome = await bot.handle({ conversation, locale: LOCALE, input: { kind: 'text', text } });
      expect(outcome.locale).toBe(LOCALE);
      return outcome.replies;
    };
    const greeting = await bot.handle({ conversation, locale: LOCALE, input: { kind: 'start' } });
    expect(words(greeting.replies).filter((w) => !w.startsWith('⟦'))).toEqual([]);
    for (const answer of ['cigna', 'ocrevus', 'quantity limit', 'employer', 'first', '2026-03-03', 'no']) {
      const replies = await say(answer);
      // Names from the knowledge (Cigna Healthcare) sit inside the locale's own sentences.
      expect(words(replies).filter((w) => !w.startsWith('⟦'))).toEqual([]);
    }
    const plan = await say('status');
    expect(words(plan).join('\n')).toContain('⟦Here');
    expect(words(await say('patient')).join('\n')).toContain('⟦Want fewer blanks');
    const letter = await say('skip');
    const file = letter.find((r) => r.kind === 'file');
    expect(file?.kind === 'file' && file.caption.startsWith('⟦')).toBe(true);
    expect(words(letter).join('\n')).toContain('⟦The letter is in English');
    const text = file?.kind === 'file' ? await docxText(file.bytes) : '';
    expect(text).toContain('Dear Appeals Reviewer');
    expect(text).toContain('⟦Before you send this letter⟧');

    // Its own name switches to it; English switches back.
    const other = 'test:space:switch';
    await bot.handle({ conversation: other, input: { kind: 'start' } });
    const switched = await bot.handle({ conversation: other, input: { kind: 'text', text: 'pseudo' } });
    expect(switched.locale).toBe(LOCALE);
    expect(words(switched.replies).filter((w) => !w.startsWith('⟦'))).toEqual([]);
    const back = await bot.handle({ conversation: other, input: { kind: 'text', text: 'English' } });
    expect(back.locale).toBe('en');
  });
});
