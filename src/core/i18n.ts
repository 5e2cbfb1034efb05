import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Locale as DateLocale } from 'date-fns';
import { enUS } from 'date-fns/locale/en-US';

/**
 * The message catalog. Every user-facing string lives in `i18n/{locale}/*.json`
 * (one file per area: core, appeal, slack…), so another language is data only:
 * a new folder of the same files. Keys are `{file}.{key}`; `{name}` placeholders
 * are filled from params. A message with plural forms is an object of
 * `Intl.PluralRules` categories (`{ "one": "…", "other": "…" }`) picked by the
 * `count` param. Each catalog describes itself under `core.locale` (its name, the
 * words that switch to it, its date-fns and chrono locales) and `core.date`.
 */
export type MessageParams = Record<string, string | number>;

export interface Translator {
  (key: string, params?: MessageParams): string;
  /** The catalog's locale (a folder name under i18n/). */
  readonly locale: string;
  /** The date-fns locale named by the catalog (`core.locale.dateFns`), for month and weekday names. */
  readonly dateLocale: DateLocale;
  /** Whether the catalog (or the English fallback) has this message. */
  has(key: string): boolean;
}

const catalogDir = fileURLToPath(new URL('./i18n/', import.meta.url));
const catalogs = new Map<string, Map<string, string>>();
const translators = new Map<string, Translator>();

export const DEFAULT_LOCALE = 'en';
export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;

function flatten(prefix: string, value: unknown, into: Map<string, string>): void {
  if (typeof value === 'string') {
    into.set(prefix, value);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, into);
  }
}

export function loadCatalog(locale: string): Map<string, string> {
  const cached = catalogs.get(locale);
  if (cached) return cached;
  const messages = new Map<string, string>();
  const dir = join(catalogDir, locale);
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    flatten(file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, file), 'utf8')), messages);
  }
  catalogs.set(locale, messages);
  return messages;
}

let locales: readonly string[] | undefined;

/** The catalogs shipped with the build, read once: every turn resolves a locale, and a directory read per turn cost a millisecond of the event loop. */
export function availableLocales(): readonly string[] {
  locales ??= readdirSync(catalogDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return locales;
}

export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function pluralRules(locale: string): Intl.PluralRules {
  try {
    return new Intl.PluralRules(locale);
  } catch {
    return new Intl.PluralRules(DEFAULT_LOCALE);
  }
}

/** The message for `key` in one catalog: a plain message, or the plural form `count` asks for. */
function lookup(
  catalog: Map<string, string>,
  rules: Intl.PluralRules,
  key: string,
  params?: MessageParams,
): string | undefined {
  const plain = catalog.get(key);
  if (plain !== undefined) return plain;
  const count = params?.count;
  if (typeof count !== 'number') return undefined;
  return catalog.get(`${key}.${rules.select(count)}`) ?? catalog.get(`${key}.other`);
}

const require = createRequire(import.meta.url);

/**
 * The date-fns locale a catalog names by its export name ("enUS", "es", "ptBR"), loaded alone from its
 * own module ("date-fns/locale/pt-BR"): all of date-fns' locales at once took a fifth of start-up.
 */
function dateLocaleNamed(name: string | undefined): DateLocale {
  if (!name || name === 'enUS') return enUS;
  try {
    const module: Record<string, unknown> = require(`date-fns/locale/${name.replace(/(?<=[a-z])(?=[A-Z])/g, '-')}`);
    const locale = module[name];
    return isDateLocale(locale) ? locale : enUS;
  } catch {
    return enUS;
  }
}

function isDateLocale(value: unknown): value is DateLocale {
  return typeof value === 'object' && value !== null && 'code' in value && 'localize' in value;
}

/** The locale to use for a platform's hint ("es-MX", "es_US.UTF-8", "en-GB"): an available catalog, else English. */
export function resolveLocale(hint: string | undefined | null): string {
  if (!hint) return DEFAULT_LOCALE;
  const tag = hint.split(/[.@]/)[0]?.replace(/_/g, '-').toLowerCase() ?? '';
  const locales = availableLocales();
  if (locales.includes(tag)) return tag;
  const language = tag.split('-')[0] ?? '';
  return locales.includes(language) ? language : DEFAULT_LOCALE;
}

/** The first of several hints (a browser's language list) that has a catalog; English when none has. */
export function resolveLocales(hints: readonly string[]): string {
  for (const hint of hints) {
    const locale = resolveLocale(hint);
    if (locale !== DEFAULT_LOCALE || hint.toLowerCase().startsWith(DEFAULT_LOCALE)) return locale;
  }
  return DEFAULT_LOCALE;
}

function phrases(text: string): string[] {
  return text
    .split('|')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
}

/** The locale a message asks to switch to ("español", "English"), from each catalog's own `core.locale.words`. */
export function localeNamedBy(text: string): string | null {
  const cleaned = text
    .trim()
    .toLowerCase()
    .replace(/[.!¡¿?]+/g, '')
    .replace(/\s+/g, ' ');
  if (cleaned.length === 0 || cleaned.length > 40) return null;
  for (const locale of availableLocales()) {
    if (phrases(loadCatalog(locale).get('core.locale.words') ?? '').includes(cleaned)) return locale;
  }
  return null;
}

/** A translator for `locale`, falling back to English, then to the key itself (never throws on a user's turn). */
export function translator(locale: string = DEFAULT_LOCALE): Translator {
  const resolved = availableLocales().includes(locale) ? locale : DEFAULT_LOCALE;
  const cached = translators.get(resolved);
  if (cached) return cached;
  const primary = loadCatalog(resolved);
  const fallback = loadCatalog(DEFAULT_LOCALE);
  const rules = pluralRules(resolved);
  const fallbackRules = pluralRules(DEFAULT_LOCALE);
  const find = (key: string, params?: MessageParams) =>
    lookup(primary, rules, key, params) ?? lookup(fallback, fallbackRules, key, params);
  const t: Translator = Object.assign(
    (key: string, params?: MessageParams) => interpolate(find(key, params) ?? key, params),
    {
      locale: resolved,
      dateLocale: dateLocaleNamed(primary.get('core.locale.dateFns')),
      has: (key: string) => find(key, { count: 2 }) !== undefined,
    },
  );
  translators.set(resolved, t);
  return t;
}
