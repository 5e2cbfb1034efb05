import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { availableLocales, loadCatalog, translator, type Translator } from '../../core/i18n.js';
import type { WebBrand } from './config.js';
import { browserLocale } from './languages.js';

const publicDir = new URL('./public/', import.meta.url);

/** Files the page may load, with their types; anything else under /assets/ is a 404. */
const ASSET_TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'api.js': 'text/javascript; charset=utf-8',
  'render.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

export interface Page {
  /** The chat page (`GET /`). */
  page(request: Request): Response;
  /** One of the page's scripts, its style sheet or icon; null when there is no such file. */
  asset(name: string, request: Request): Response | null;
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Every `web.*` string of one language. */
function webStrings(locale: string): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [key, value] of loadCatalog(locale)) if (key.startsWith('web.')) strings[key.slice(4)] = value;
  return strings;
}

/** JSON for a script element: `<` is escaped so it cannot close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * Security headers of the page. The policy allows only this server's own
 * scripts, styles and requests; `frame-ancestors` lists the sites that may
 * embed the chat (WEB_ALLOWED_ORIGINS), else only this server.
 */
export function pageHeaders(allowedOrigins: string[], brand: WebBrand = {}): Record<string, string> {
  const ancestors = ["'self'", ...allowedOrigins].join(' ');
  // The organisation's logo is the one outside image the page may load.
  const images = ["'self'", ...(brand.logoUrl ? [new URL(brand.logoUrl).origin] : [])].join(' ');
  return {
    'Content-Security-Policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      `img-src ${images}`,
      "connect-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      `frame-ancestors ${ancestors}`,
    ].join('; '),
    ...(allowedOrigins.length === 0 ? { 'X-Frame-Options': 'SAMEORIGIN' } : {}),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** The organisation's accent as the page's brand colours (checked for contrast in config); empty when unset. */
function accentCss(brand: WebBrand): string {
  if (!brand.accent) return '';
  return `:root {\n  --brand: ${brand.accent.color};\n  --brand-dark: ${brand.accent.dark};\n}\n`;
}

/** The organisation's logo and name in the page header, linked to its site; empty when unset. */
function orgHtml(brand: WebBrand, t: Translator): string {
  if (!brand.name && !brand.logoUrl) return '';
  const name = brand.name ? escapeHtml(brand.name) : '';
  const logo = brand.logoUrl
    ? `<img class="org-logo" src="${escapeHtml(brand.logoUrl)}" alt="${name ? escapeHtml(t('web.orgLogo', { name: brand.name ?? '' })) : ''}" height="32">`
    : '';
  const label = name ? `<span>${escapeHtml(t('web.offeredBy', { name: brand.name ?? '' }))}</span>` : '';
  const inner = `${logo}${label}`;
  return brand.url
    ? `<p class="org"><a href="${escapeHtml(brand.url)}" rel="noopener" target="_blank">${inner}</a></p>`
    : `<p class="org">${inner}</p>`;
}

/**
 * Reads the page and its assets from disk once, at start-up: one page per
 * language, served by the browser's languages. Each page also carries every
 * language's strings, so a conversation switched to another language mid-way
 * ("español") relabels the page without a reload.
 */
export async function loadPage(allowedOrigins: string[], brand: WebBrand = {}): Promise<Page> {
  const headers = pageHeaders(allowedOrigins, brand);
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(ASSET_TYPES)) {
    const body = await readFile(fileURLToPath(new URL(name, publicDir)));
    assets.set(name, { body, type, etag: etagOf(body) });
  }
  const orgCss = Buffer.from(accentCss(brand));
  assets.set('org.css', { body: orgCss, type: 'text/css; charset=utf-8', etag: etagOf(orgCss) });
  const template = await readFile(fileURLToPath(new URL('index.html', publicDir)), 'utf8');
  const catalogs = scriptJson(Object.fromEntries(availableLocales().map((locale) => [locale, webStrings(locale)])));
  const pages = new Map<string, Asset>();
  for (const locale of availableLocales()) {
    const t = translator(locale);
    const html = Buffer.from(
      template.replace(/\{\{([\w.]+)\}\}/g, (_whole, key: string) => {
        if (key === 'strings') return scriptJson(webStrings(locale));
        if (key === 'catalogs') return catalogs;
        if (key === 'lang') return escapeHtml(locale);
        if (key === 'org') return orgHtml(brand, t);
        return escapeHtml(t(`web.${key}`));
      }),
    );
    pages.set(locale, { body: html, type: 'text/html; charset=utf-8', etag: etagOf(html) });
  }

  function send(asset: Asset, request: Request, extra: Record<string, string> = {}): Response {
    // `no-cache` revalidates every time, so a new release is picked up without a hard reload.
    const common = { ...headers, ...extra, 'Cache-Control': 'no-cache', ETag: asset.etag };
    if (request.headers.get('if-none-match') === asset.etag)
      return new Response(null, { status: 304, headers: common });
    return new Response(new Uint8Array(asset.body), {
      status: 200,
      headers: { ...common, 'Content-Type': asset.type },
    });
  }

  return {
    page: (request) => {
      const locale = browserLocale(request.headers.get('accept-language'));
      const page = pages.get(locale) ?? pages.get('en');
      if (!page) throw new Error('the web page has no English version');
      return send(page, request, { 'Content-Language': locale, Vary: 'Accept-Language' });
    },
    asset(name, request) {
      const asset = assets.get(name);
      return asset ? send(asset, request) : null;
    },
  };
}
