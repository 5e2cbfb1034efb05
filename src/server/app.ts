import type { RunningAdapter } from '../adapters/kit/index.js';
import { createBot, type Bot } from '../bot.js';
import { systemClock, type Clock } from '../core/clock.js';
import { errorName, OverturnError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { SessionStore } from '../core/session-store.js';
import type { ServerConfig } from './config.js';
import { createHttpServer } from './http.js';
import type { PlatformPlan } from './platform.js';

export interface AppOptions {
  server: ServerConfig;
  platforms: PlatformPlan[];
  store: SessionStore;
  /** Inactivity expiry of a session (the store's setting). */
  ttlSeconds?: number;
  logger: Logger;
  clock?: Clock;
  /** Receives the human start-up lines (stderr in `main.ts`). */
  announce?: (line: string) => void;
}

export interface RunningApp {
  /** Base URL of the server, e.g. `http://localhost:3978/`. */
  url: string;
  port: number;
  bot: Bot;
  /** Names of the adapters that started. */
  active: string[];
  /** Graceful shutdown: stop taking input, finish turns in flight, close the store. Safe to call twice. */
  stop(): Promise<void>;
}

function baseUrl(host: string, port: number): string {
  // A wildcard or loopback bind is reached from this machine as localhost.
  const shown = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(host)
    ? 'localhost'
    : host.includes(':')
      ? `[${host}]`
      : host;
  return `http://${shown}:${port}/`;
}

function withinGrace(work: Promise<unknown>, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, graceMs);
    timer.unref();
    void work.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Starts the bot, the one HTTP server and every configured platform on it. */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { server, logger, store } = options;
  const announce = options.announce ?? (() => undefined);
  if (!options.platforms.some((plan) => plan.config.configured)) {
    throw new OverturnError(
      'config_invalid',
      'no platform is active: remove WEB_CHAT=off or configure Slack, Discord or Teams',
    );
  }
  const bot = createBot({
    store,
    logger,
    clock: options.clock ?? systemClock(),
    ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}),
    ...(server.organisation ? { organisation: server.organisation } : {}),
  });
  const http = createHttpServer(logger);
  const ctx = { bot, logger, routes: http.routes };
  const running: RunningAdapter[] = [];

  const stopAdapters = () => Promise.allSettled(running.map((adapter) => adapter.stop()));
  let port: number;
  try {
    for (const plan of options.platforms) {
      if (plan.config.configured) running.push(await plan.start(ctx));
    }
    port = await http.listen(server.port, server.host);
  } catch (error) {
    logger.error({ code: 'startup_failed', err: errorName(error) }, 'start-up failed');
    await stopAdapters();
    await http.close(0);
    await store.close();
    throw error;
  }

  const url = baseUrl(server.host, port);
  announce(`overturn: listening on ${url}`);
  for (const { platform, config } of options.platforms) {
    if (!config.configured) announce(`${platform.name}: not configured (${config.reason})`);
    else announce(platform.activeLine?.(url) ?? `${platform.name}: active`);
  }
  logger.info({ event: 'started', port, active: running.map((a) => a.name) }, 'server started');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      logger.info({ event: 'stopping' }, 'shutting down');
      const closed = http.close(server.shutdownGraceMs);
      await stopAdapters();
      await withinGrace(bot.idle(), server.shutdownGraceMs);
      await closed;
      await store.close();
      logger.info({ event: 'stopped' }, 'shut down');
    })();
    return stopping;
  };
  return { url, port, bot, active: running.map((a) => a.name), stop };
}
