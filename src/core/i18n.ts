import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * The message catalog. Every user-facing string lives in `i18n/{locale}/*.json`
 * (one file per area: core, appeal, slack…), so a second language is data only.
 * Keys are `{file}.{key}`; `{name}` placeholders are filled from params.
 */
export type MessageParams = Record<string, string | number>;
export type Translator = (key: string, params?: MessageParams) => string;

const catalogDir = fileURLToPath(new URL('./i18n/', import.meta.url));
const catalogs = new Map<string, Map<string, string>>();

export const DEFAULT_LOCALE = 'en';

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

export function availableLocales(): string[] {
  return readdirSync(catalogDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
}

export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translator for `locale`, falling back to English, then to the key itself (never throws on a user's turn). */
export function translator(locale: string = DEFAULT_LOCALE): Translator {
  const primary = loadCatalog(availableLocales().includes(locale) ? locale : DEFAULT_LOCALE);
  const fallback = loadCatalog(DEFAULT_LOCALE);
  return (key, params) => interpolate(primary.get(key) ?? fallback.get(key) ?? key, params);
}
