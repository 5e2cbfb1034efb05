import { z } from 'zod';
import { parseEnv, presentEnv, type AdapterConfigResult } from '../kit/index.js';
import { parseTrustProxy, type TrustProxy } from '../kit/trust-proxy.js';
import { accessibleAccent, MIN_CONTRAST, PAGE_BACKGROUND, parseHex, type Accent } from './accent.js';

export interface WebConfig {
  /** Origins allowed to frame the chat (an advocacy group's site); empty: only this server itself. */
  allowedOrigins: string[];
  /** Messages one browser session may send per minute. */
  rateLimitPerMinute: number;
  /** Largest accepted request body. */
  maxBodyBytes: number;
  /** Which proxies' X-Forwarded-* headers to believe (TRUST_PROXY). */
  trustProxy: TrustProxy;
  /** The organisation's look on the page (ORG_NAME, ORG_URL, ORG_LOGO_URL, ORG_ACCENT); absent: today's page. */
  brand: WebBrand;
}

export interface WebBrand {
  name?: string;
  url?: string;
  logoUrl?: string;
  accent?: Accent;
  /** Said at start-up when the accent colour was too light to read and was darkened. */
  notice?: string;
}

const VARIABLES = [
  'WEB_CHAT',
  'WEB_ALLOWED_ORIGINS',
  'WEB_RATE_LIMIT_PER_MINUTE',
  'ORG_NAME',
  'ORG_URL',
  'ORG_LOGO_URL',
  'ORG_ACCENT',
] as const;

/** `https://example.org` or `http://localhost:8080`: scheme, host and port only, as `frame-ancestors` needs. */
const origin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}, 'must be a list of origins such as https://example.org');

const webEnv = z.object({
  WEB_CHAT: z.enum(['on', 'off']).default('on'),
  WEB_ALLOWED_ORIGINS: z.preprocess(
    (value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : []),
    z.array(origin),
  ),
  WEB_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  ORG_NAME: z.string().max(80).optional(),
  ORG_URL: z
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with https:// or http://')
    .optional(),
  // The page's policy loads images from this one https origin only.
  ORG_LOGO_URL: z
    .url()
    .refine((u) => u.startsWith('https://'), 'must be an https:// address of an image')
    .optional(),
  ORG_ACCENT: z
    .string()
    .refine((c) => parseHex(c) !== null, 'must be a colour such as #0b57d0')
    .optional(),
});

function brandOf(e: z.infer<typeof webEnv>): WebBrand {
  const rgb = e.ORG_ACCENT ? parseHex(e.ORG_ACCENT) : null;
  const accent = rgb ? accessibleAccent(rgb) : undefined;
  const notice = accent?.adjustedFrom
    ? `ORG_ACCENT ${accent.adjustedFrom} has a contrast of ${accent.ratio.toFixed(2)}:1 against the page background ${PAGE_BACKGROUND}; WCAG AA needs ${MIN_CONTRAST}:1, so the web chat uses ${accent.color} instead`
    : undefined;
  return {
    ...(e.ORG_NAME ? { name: e.ORG_NAME } : {}),
    ...(e.ORG_URL ? { url: e.ORG_URL } : {}),
    ...(e.ORG_LOGO_URL ? { logoUrl: e.ORG_LOGO_URL } : {}),
    ...(accent ? { accent } : {}),
    ...(notice ? { notice } : {}),
  };
}

/** Reads the web chat's settings. It is on unless `WEB_CHAT=off` and needs no account. */
export function webConfigFromEnv(env: NodeJS.ProcessEnv): AdapterConfigResult<WebConfig> {
  const e = parseEnv(webEnv, presentEnv(env, VARIABLES));
  if (e.WEB_CHAT === 'off') return { configured: false, reason: 'WEB_CHAT=off' };
  return {
    configured: true,
    config: {
      allowedOrigins: e.WEB_ALLOWED_ORIGINS.map((o) => new URL(o).origin),
      rateLimitPerMinute: e.WEB_RATE_LIMIT_PER_MINUTE,
      maxBodyBytes: 16 * 1024,
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
      brand: brandOf(e),
    },
  };
}
