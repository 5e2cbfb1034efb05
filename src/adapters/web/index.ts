import { parseConversationKey } from '../../core/conversation.js';
import { DEFAULT_LOCALE } from '../../core/i18n.js';
import { sendJson } from '../../server/respond.js';
import { routeParams } from '../../server/router.js';
import type { AdapterContext, RunningAdapter } from '../types.js';
import { letterHandler, messagesHandler, type WebApiDeps } from './api.js';
import type { WebConfig } from './config.js';
import { LetterStore } from './letters.js';
import { loadPage } from './page.js';
import { RateLimiter } from './rate-limit.js';

export type { WebConfig } from './config.js';

/**
 * The local web chat: the page at `/`, its scripts under `/assets/`, and a
 * small JSON API. It needs no account, so it runs unless `WEB_CHAT=off`.
 */
export async function startWeb(config: WebConfig, ctx: AdapterContext): Promise<RunningAdapter> {
  if (config.brand.notice) ctx.logger.warn({ code: 'org_accent_adjusted' }, config.brand.notice);
  const page = await loadPage(ctx.bot.t, DEFAULT_LOCALE, config.allowedOrigins, config.brand);
  const deps: WebApiDeps = {
    bot: ctx.bot,
    logger: ctx.logger,
    config,
    letters: new LetterStore(config.letterTtlSeconds * 1000),
    limiter: new RateLimiter(config.rateLimitPerMinute),
    cookies: { embedded: config.allowedOrigins.length > 0 },
    forgotten: new Set(),
  };
  ctx.bot.onForget((conversation) => {
    if (parseConversationKey(conversation)?.platform !== 'web') return;
    deps.letters.dropConversation(conversation);
    deps.forgotten.add(conversation);
  });

  ctx.routes.add('GET', '/', (req, res) => page.sendPage(req, res));
  ctx.routes.add('GET', '/assets/:file', (req, res) => {
    if (!page.sendAsset(routeParams(req).file ?? '', req, res)) sendJson(res, 404, { error: 'not_found' });
  });
  ctx.routes.add('POST', '/api/web/messages', messagesHandler(deps));
  ctx.routes.add(
    'GET',
    '/api/web/letter/:id',
    letterHandler(deps, (req) => routeParams(req).id ?? ''),
  );

  return {
    name: 'web',
    stop: async () => deps.letters.clear(),
  };
}
