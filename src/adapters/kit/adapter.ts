import type { Bot } from '../../bot.js';
import type { Logger } from '../../core/log.js';
import type { HttpRoutes } from './http.js';

/**
 * What every platform adapter is given and gives back. The server reads each
 * adapter's config (a small file that never imports the SDK) and imports the
 * adapter itself only when that platform is configured.
 */
export interface AdapterContext {
  bot: Bot;
  logger: Logger;
  /** Routes on the one shared HTTP server. */
  routes: HttpRoutes;
}

export interface RunningAdapter {
  name: string;
  stop(): Promise<void>;
}

/** Result of reading one platform's settings from the environment. */
export type AdapterConfigResult<T> = { configured: false; reason: string } | { configured: true; config: T };
