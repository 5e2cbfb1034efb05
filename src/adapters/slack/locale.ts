import type { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../core/log.js';
import { errorName } from '../kit/index.js';

/**
 * Each user's Slack language (`users.info` with `include_locale`, e.g. "es-LA"),
 * which a new conversation starts in. Kept a day per user, so a busy DM costs one
 * call; a failed call means "no hint" (the conversation speaks English until the
 * user says "español").
 */
export class UserLocales {
  private readonly known = new LRUCache<string, string>({ max: 10_000, ttl: 24 * 60 * 60 * 1000 });

  constructor(private readonly logger: Logger) {}

  async of(client: webApi.WebClient, userId: string): Promise<string | undefined> {
    const cached = this.known.get(userId);
    if (cached !== undefined) return cached || undefined;
    try {
      const info = await client.users.info({ user: userId, include_locale: true });
      const locale = info.user?.locale ?? '';
      this.known.set(userId, locale);
      return locale || undefined;
    } catch (error) {
      this.logger.warn({ code: 'platform_error', source: 'users_info', err: errorName(error) }, 'no Slack locale');
      return undefined;
    }
  }
}
