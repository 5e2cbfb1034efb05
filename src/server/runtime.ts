import type { HttpRoutes } from '../adapters/kit/index.js';
import type { Bot, BotOptions } from '../bot.js';
import type { SessionStore } from '../core/session-store.js';
import { poolCalendarWriter, poolLetterBuilder } from '../workers/letters.js';
import { createWorkerPool } from '../workers/pool.js';
import type { ResponseObserver } from './http.js';
import type { PlatformStatus } from './platform-starter.js';
import type { RuntimeConfig } from './runtime-config.js';

/**
 * What the server adds around the bot: the worker pool letters are built and denial letters read in,
 * and, with `METRICS=on`, the metrics (prom-client is loaded only then).
 * Without a config (tests) letters are built in process and nothing is measured.
 */
export interface Runtime {
  store: SessionStore;
  /** Options for `createBot`: the pool's letter builder, and the pool denial letters are read in. */
  bot: Pick<BotOptions, 'buildLetter' | 'writeCalendar' | 'pool'>;
  instrumentBot(bot: Bot): Bot;
  onResponse?: ResponseObserver;
  /** Adds `/metrics` to the main routes (token) or starts its own port; says where, for the start-up line. */
  serveMetrics(routes: HttpRoutes, host: string): Promise<{ line: string; port?: number } | null>;
  /** Reads each configured platform's state at every scrape. */
  watchPlatforms(status: () => Record<string, PlatformStatus>): void;
  /** Warms the worker pool in the background, once the server listens. */
  warm(): void;
  /** Stops the worker threads and the metrics port (after the turns in flight). */
  close(): Promise<void>;
}

export async function startRuntime(config: RuntimeConfig | undefined, store: SessionStore): Promise<Runtime> {
  const pool = config
    ? createWorkerPool({
        ...(config.workerThreads !== undefined ? { threads: config.workerThreads } : {}),
        ...(config.workerQueueLimit !== undefined ? { maxQueue: config.workerQueueLimit } : {}),
        ...(config.workerNice !== undefined ? { nice: config.workerNice } : {}),
      })
    : null;
  const buildLetter = pool ? poolLetterBuilder(pool) : undefined;
  const metricsConfig = config?.metrics ?? { enabled: false };
  if (!metricsConfig.enabled) {
    return {
      store,
      bot: pool && buildLetter ? { buildLetter, writeCalendar: poolCalendarWriter(pool), pool } : {},
      instrumentBot: (bot) => bot,
      serveMetrics: async () => null,
      watchPlatforms: () => undefined,
      warm: () => void pool?.warm(),
      close: async () => {
        await pool?.close();
      },
    };
  }

  const { Metrics, metricsHandler, listenForMetrics } = await import('./metrics.js');
  const metrics = new Metrics();
  if (pool) metrics.watchPool(pool);
  let metricsPort: { close(): Promise<void> } | null = null;
  return {
    store: metrics.instrumentStore(store),
    bot:
      pool && buildLetter
        ? { buildLetter: metrics.instrumentLetters(buildLetter), writeCalendar: poolCalendarWriter(pool), pool }
        : {},
    instrumentBot: (bot) => metrics.instrumentBot(bot),
    onResponse: metrics.observeResponse,
    serveMetrics: async (routes, host) => {
      if (metricsConfig.port === undefined) {
        routes.add('GET', '/metrics', metricsHandler(metrics, metricsConfig.token));
        return { line: 'metrics: GET /metrics on the main port, with the METRICS_TOKEN bearer token' };
      }
      const started = await listenForMetrics(metrics, metricsConfig.token, metricsConfig.port, host);
      metricsPort = started;
      const auth = metricsConfig.token ? ', with the METRICS_TOKEN bearer token' : '';
      return { line: `metrics: GET /metrics on port ${started.port}${auth}`, port: started.port };
    },
    watchPlatforms: (status) => metrics.watchPlatforms(status),
    warm: () => void pool?.warm(),
    close: async () => {
      await metricsPort?.close();
      await pool?.close();
    },
  };
}
