import { ephemeralSecrets } from '../../core/stores/secrets.js';
import { json, OrderedQueue, type AdapterContext, type RunningAdapter } from '../kit/index.js';
import { letterHandler, messagesHandler, type WebApiDeps } from './api.js';
import type { WebConfig } from './config.js';
import { letterFileHandler } from './letter-file.js';
import { loadPage } from './page.js';
import { RateLimiter } from './rate-limit.js';
import { RepeatedReplies } from './repeated-replies.js';
import { SessionIds } from './session-id.js';

export type { WebConfig } from './config.js';

/**
 * The local web chat: the page at `/`, its scripts under `/assets/`, and a
 * small JSON API. It needs no account, so it runs unless `WEB_CHAT=off`.
 */
export async function startWeb(config: WebConfig, ctx: AdapterContext): Promise<RunningAdapter> {
  if (config.brand.notice) ctx.logger.warn({ code: 'org_accent_adjusted' }, config.brand.notice);
  const page = await loadPage(config.allowedOrigins, config.brand);
  const deps: WebApiDeps = {
    bot: ctx.bot,
    logger: ctx.logger,
    config,
    limiter: new RateLimiter(config.rateLimitPerMinute),
    cookies: { embedded: config.allowedOrigins.length > 0 },
    turns: new OrderedQueue(),
    sessionIds: new SessionIds((ctx.secrets ?? ephemeralSecrets()).sessionId),
    trust: config.trustProxy,
    repeated: new RepeatedReplies(),
  };
  // A web page cannot be messaged: due reminders are shown when the user opens the chat again.
  ctx.bot.reminders.showOnReturn('web');

  ctx.routes.add('GET', '/', (request) => page.page(request));
  ctx.routes.add(
    'GET',
    '/assets/:file',
    (request, info) => page.asset(info.params.file ?? '', request) ?? json(404, { error: 'not_found' }),
  );
  ctx.routes.add('POST', '/api/web/messages', messagesHandler(deps));
  ctx.routes.add('POST', '/api/web/letter-file', letterFileHandler(deps));
  ctx.routes.add('GET', '/api/web/letter/:ref', letterHandler(deps));

  return {
    name: 'web',
    stop: async () => {
      await deps.turns.idle();
      deps.repeated.clear();
    },
  };
}
