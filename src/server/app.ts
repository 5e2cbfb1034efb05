import { createBot, type Bot } from '../bot.js';
import { systemClock, type Clock } from '../core/clock.js';
import { errorName, OverturnError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { JobStore } from '../core/jobs/job-store.js';
import type { SessionStore } from '../core/session-store.js';
import { ephemeralSecrets, type ServerSecrets } from '../core/stores/secrets.js';
import type { ServerConfig } from './config.js';
import { createHttpServer } from './http.js';
import type { PlatformPlan } from './platform.js';
import type { RuntimeConfig } from './runtime-config.js';
import { startRuntime } from './runtime.js';
import { PlatformStarter, type PlatformStatus } from './platform-starter.js';
import { readinessHandler } from './readiness.js';

export interface AppOptions {
  server: ServerConfig;
  platforms: PlatformPlan[];
  store: SessionStore;
  /** Where reminders wait (beside the sessions); without it no reminders are offered by push. */
  jobs?: JobStore;
  /** Inactivity expiry of a session (the store's setting). */
  ttlSeconds?: number;
  /** How long letter details are kept (`LETTER_DETAILS_HOURS`). */
  detailsTtlSeconds?: number;
  logger: Logger;
  clock?: Clock;
  /** From the session store's settings; without them (tests) a secret for this process only. */
  secrets?: ServerSecrets;
  /** First wait before a platform that failed to start is tried again (doubles each time, up to a minute). */
  platformRetryMs?: number;
  /** Receives the human start-up lines (stderr in `main.ts`). */
  announce?: (line: string) => void;
  /** Worker pool and metrics settings; without them (tests) letters are built in process, nothing measured. */
  runtime?: RuntimeConfig;
}

export interface RunningApp {
  /** Base URL of the server, e.g. `http://localhost:3978/`. */
  url: string;
  port: number;
  bot: Bot;
  /** Names of the adapters connected so far. */
  readonly active: string[];
  /** Each configured platform's state (also served at `/readyz`). */
  platforms(): Record<string, PlatformStatus>;
  /** The port `/metrics` is served on when `METRICS_PORT` is set. */
  metricsPort?: number;
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

/** Starts the bot and the one HTTP server, then every configured platform on it (in the background, with retries). */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { server, logger } = options;
  const announce = options.announce ?? (() => undefined);
  if (!options.platforms.some((plan) => plan.config.configured)) {
    throw new OverturnError(
      'config_invalid',
      'no platform is active: remove WEB_CHAT=off or configure Slack, Discord or Teams',
    );
  }
  const runtime = await startRuntime(options.runtime, options.store);
  const store = runtime.store;
  const bot = runtime.instrumentBot(
    createBot({
      store,
      logger,
      clock: options.clock ?? systemClock(),
      ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}),
      ...(options.detailsTtlSeconds ? { detailsTtlSeconds: options.detailsTtlSeconds } : {}),
      ...(options.jobs ? { jobs: options.jobs } : {}),
      ...(server.organisation ? { organisation: server.organisation } : {}),
      ...runtime.bot,
    }),
  );
  const http = createHttpServer(logger, runtime.onResponse);
  const ctx = { bot, logger, routes: http.routes, secrets: options.secrets ?? ephemeralSecrets() };
  const starter = new PlatformStarter({
    logger,
    announce,
    ...(options.platformRetryMs ? { firstDelayMs: options.platformRetryMs } : {}),
  });
  http.routes.add(
    'GET',
    '/readyz',
    readinessHandler({ store, platforms: () => starter.status(), stopping: () => http.closing }),
  );

  // Listen first: the web chat and the health checks answer while other platforms are still connecting.
  let port: number;
  let metrics: { line: string; port?: number } | null = null;
  try {
    metrics = await runtime.serveMetrics(http.routes, server.host);
    port = await http.listen(server.port, server.host);
    runtime.warm();
  } catch (error) {
    logger.error({ code: 'startup_failed', err: errorName(error) }, 'start-up failed');
    await http.close(0);
    await bot.close();
    await runtime.close();
    await store.close();
    await options.jobs?.close();
    throw error;
  }
  bot.reminders.start();

  const url = baseUrl(server.host, port);
  announce(`overturn: listening on ${url}`);
  const starting: Array<Promise<void>> = [];
  for (const plan of options.platforms) {
    if (!plan.config.configured) announce(`${plan.platform.name}: not configured (${plan.config.reason})`);
    else {
      const first = starter.start(plan, ctx, url);
      // Platforms that need no network (the web chat) are up before start-up returns.
      if (plan.platform.startsLocally) starting.push(first);
      else announce(`${plan.platform.name}: connecting in the background (see /readyz)`);
    }
  }
  await Promise.all(starting);
  if (metrics) announce(metrics.line);
  runtime.watchPlatforms(() => starter.status());
  logger.info({ event: 'started', port, platforms: starter.status() }, 'server started');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      logger.info({ event: 'stopping' }, 'shutting down');
      const closed = http.close(server.shutdownGraceMs);
      await bot.reminders.stop();
      await starter.stop();
      await withinGrace(bot.idle(), server.shutdownGraceMs);
      await closed;
      await bot.close();
      await runtime.close();
      await store.close();
      await options.jobs?.close();
      logger.info({ event: 'stopped' }, 'shut down');
    })();
    return stopping;
  };
  return {
    url,
    port,
    bot,
    get active() {
      return starter.active;
    },
    platforms: () => starter.status(),
    stop,
    ...(metrics?.port ? { metricsPort: metrics.port } : {}),
  };
}
