import { z } from 'zod';
import { parseEnv, presentEnv, type AdapterConfigResult } from '../kit/index.js';

export interface WebConfig {
  /** Origins allowed to frame the chat (an advocacy group's site); empty: only this server itself. */
  allowedOrigins: string[];
  /** Messages one browser session may send per minute. */
  rateLimitPerMinute: number;
  /** Largest accepted request body. */
  maxBodyBytes: number;
}

const VARIABLES = ['WEB_CHAT', 'WEB_ALLOWED_ORIGINS', 'WEB_RATE_LIMIT_PER_MINUTE'] as const;

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
});

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
    },
  };
}
