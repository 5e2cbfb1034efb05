import { resolveLocales } from '../../core/i18n.js';

/**
 * The browser's languages, from `Accept-Language` ("es-MX,es;q=0.9,en;q=0.8"),
 * best first; the page and every request to the API send it. Malformed parts are
 * skipped, and a language the browser ranks at q=0 is one it refuses.
 */
export function browserLanguages(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((l) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(l.tag) && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((l) => l.tag);
}

/** The catalog for a request: the first of the browser's languages that Overturn speaks, else English. */
export function browserLocale(header: string | null): string {
  return resolveLocales(browserLanguages(header));
}
