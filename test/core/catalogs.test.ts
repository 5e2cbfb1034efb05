import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { availableLocales, DEFAULT_LOCALE, loadCatalog, PLURAL_CATEGORIES, translator } from '../../src/core/i18n.js';
import { LETTER_LOCALE } from '../../src/flows/appeal/letter/index.js';

/**
 * Every language has every message English has, with the same placeholders,
 * and none of its words left in English. `letter.json` is the letter to the
 * plan: it exists in the letter's language only.
 */
const catalogDir = fileURLToPath(new URL('../../src/core/i18n/', import.meta.url));
const PLAN_FACING_FILES = ['letter.json'];
const others = availableLocales().filter((l) => l !== DEFAULT_LOCALE);

/** Keys that are not prose: the catalog's own settings, date patterns and the words that name each language. */
const NOT_PROSE = /^core\.(locale\.(words|dateFns|chrono)|date\.long)$/;

/** Plural forms (`key.one`, `key.other`) count as one message, `key`. */
function messages(locale: string): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  const catalog = loadCatalog(locale);
  for (const [key, value] of catalog) {
    if (key.startsWith('letter.')) continue;
    const last = key.slice(key.lastIndexOf('.') + 1);
    const base = key.slice(0, key.lastIndexOf('.'));
    const plural = PLURAL_CATEGORIES.some((c) => c === last) && catalog.has(`${base}.other`);
    const name = plural ? base : key;
    grouped.set(name, [...(grouped.get(name) ?? []), value]);
  }
  return grouped;
}

function placeholders(values: string[]): string[] {
  return [...new Set(values.flatMap((v) => [...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '')))].sort();
}

/** English words that never occur in Spanish prose (names and citations do not use them). */
const ENGLISH = new Set(
  'the and your you with please this that what which here from have will of to for is are was not or if when then our my we they their it in on at by be an can do does been would should about before after day days letter appeal deadline drug insurance type choose pick'.split(
    ' ',
  ),
);
/** Citations and product names that stay as they are in every language. */
const KEPT = [
  /\b\d+ (CFR|U\.S\.C\.) [\w.()-]+/g,
  /Microsoft Teams Chat Files/g,
  /Summary Plan Description/g,
  /Defense Health Agency/g,
  /peer-to-peer/g,
  /\b[\w.-]+\.(org|gov|com)\/[\w/.-]*/g,
  /\/appeal\b/g,
];

function englishWords(text: string): string[] {
  let rest = text.replace(/\{\w+\}/g, ' ');
  for (const kept of KEPT) rest = rest.replace(kept, ' ');
  return (rest.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => ENGLISH.has(w));
}

describe.each(others)('the %s catalog', (locale) => {
  const english = messages(DEFAULT_LOCALE);
  const own = messages(locale);

  it('has every English message, and no other', () => {
    expect([...english.keys()].filter((k) => !own.has(k))).toEqual([]);
    expect([...own.keys()].filter((k) => !english.has(k))).toEqual([]);
  });

  it('uses the same placeholders in every message', () => {
    const differ = [...english]
      .filter(
        ([key, values]) => own.has(key) && placeholders(values).join() !== placeholders(own.get(key) ?? []).join(),
      )
      .map(([key]) => key);
    expect(differ).toEqual([]);
  });

  it('has no English left, except names and citations', () => {
    const left = [...own]
      .filter(([key]) => !NOT_PROSE.test(key))
      .flatMap(([key, values]) => values.flatMap((v) => englishWords(v).map((w) => `${key}: ${w}`)));
    expect(left).toEqual([]);
  });

  it('leaves the letter to the plan in its own language', () => {
    expect(readdirSync(`${catalogDir}${locale}`).filter((f) => PLAN_FACING_FILES.includes(f))).toEqual([]);
    expect(translator(locale)('letter.patient.salutation')).toBe(
      translator(LETTER_LOCALE)('letter.patient.salutation'),
    );
  });

  it('names a date-fns locale and a chrono parser that exist', () => {
    const t = translator(locale);
    expect(t.dateLocale.code?.split('-')[0]).toBe(locale.split('-')[0]);
    expect(t('core.locale.chrono')).toMatch(/^[a-z]{2}$/);
  });
});

describe('the English catalog', () => {
  it('is the only one with the letter to the plan', () => {
    expect(readdirSync(`${catalogDir}${LETTER_LOCALE}`)).toEqual(expect.arrayContaining(PLAN_FACING_FILES));
  });

  it('picks plural forms by Intl.PluralRules', () => {
    expect(translator('en')('appeal.summary.daysLeft', { count: 1 })).toBe('1 day left');
    expect(translator('en')('appeal.summary.daysLeft', { count: 12 })).toBe('12 days left');
    expect(translator('es')('appeal.summary.daysLeft', { count: 1 })).toBe('Queda 1 día');
    expect(translator('es')('appeal.summary.daysLeft', { count: 0.5 })).toBe('Quedan 0.5 días');
  });
});
