import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { routePattern, text, type Handler } from '../adapters/kit/index.js';
import type { Bot } from '../bot.js';
import { parseConversationKey } from '../core/conversation.js';
import { isOverturnError } from '../core/errors.js';
import type { SessionStore } from '../core/session-store.js';
import type { LetterBuilder } from '../flows/appeal/letter/index.js';
import type { WorkerPool } from '../workers/pool.js';
import type { PlatformStatus } from './platform-starter.js';

/** A conversation with a turn this recently counts as active. */
const ACTIVE_WINDOW_MS = 15 * 60 * 1000;
/** The only platform label values: anything else (a crafted key) is `other`, so no label can carry an id. */
const PLATFORMS = new Set(['slack', 'discord', 'teams', 'web', 'cli']);
const FAST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The server's Prometheus metrics. Labels are closed sets chosen here
 * (platform, route pattern, operation, outcome): never a conversation key,
 * a user id or anything the user typed.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly active = new Map<string, number>();
  private platformStatus: () => Record<string, PlatformStatus> = () => ({});
  private pool: WorkerPool | null = null;

  private readonly turns = new Counter({
    name: 'overturn_turns_total',
    help: 'Turns handled, by platform and outcome (ok, error_reply: the user saw an error message, failed: the turn threw)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly turnSeconds = new Histogram({
    name: 'overturn_turn_duration_seconds',
    help: 'Time from an input reaching the bot to its replies being ready (store, flow, letter), by platform',
    labelNames: ['platform'] as const,
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });
  private readonly httpSeconds = new Histogram({
    name: 'overturn_http_response_seconds',
    help: 'Time from a request arriving to its response sent, by route pattern: the platform ack latency for /slack/events and /api/messages',
    labelNames: ['route', 'status'] as const,
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });
  private readonly letters = new Counter({
    name: 'overturn_letters_total',
    help: 'Letter files asked for, by format (docx, pdf) and outcome (built, busy: the worker queue was full, failed)',
    labelNames: ['format', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly letterSeconds = new Histogram({
    name: 'overturn_letter_build_seconds',
    help: 'Time to build one letter file, waiting for a worker included, by format',
    labelNames: ['format'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly storeSeconds = new Histogram({
    name: 'overturn_store_operation_seconds',
    help: 'Session store operations by kind (get, put, delete), failed ones included',
    labelNames: ['op'] as const,
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });
  private readonly storeErrors = new Counter({
    name: 'overturn_store_errors_total',
    help: 'Session store operations that failed, by kind',
    labelNames: ['op'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const metrics = this;
    new Gauge({
      name: 'overturn_worker_queue_depth',
      help: 'Jobs (letters) waiting for a worker thread',
      registers: [this.registry],
      collect() {
        this.set(metrics.pool?.queueDepth() ?? 0);
      },
    });
    new Gauge({
      name: 'overturn_worker_threads',
      help: 'Worker threads in the pool',
      registers: [this.registry],
      collect() {
        this.set(metrics.pool?.threads ?? 0);
      },
    });
    new Gauge({
      name: 'overturn_platform_connected',
      help: 'Each configured platform: 1 when connected, 0 while starting, retrying or failed',
      labelNames: ['platform'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [name, status] of Object.entries(metrics.platformStatus())) {
          this.set({ platform: name }, status.state === 'connected' ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'overturn_active_conversations',
      help: 'Conversations with a turn in the last 15 minutes (this process)',
      registers: [this.registry],
      collect() {
        this.set(metrics.activeConversations());
      },
    });
  }

  /** The bot with every turn counted and timed. */
  instrumentBot(bot: Bot): Bot {
    return {
      ...bot,
      handle: async (inbound) => {
        const platform = platformOf(inbound.conversation);
        this.noteActive(inbound.conversation);
        const end = this.turnSeconds.startTimer({ platform });
        try {
          const turn = await bot.handle(inbound);
          const outcome = turn.replies.some((r) => r.kind === 'text' && r.tone === 'error') ? 'error_reply' : 'ok';
          this.turns.inc({ platform, outcome });
          return turn;
        } catch (error) {
          this.turns.inc({ platform, outcome: 'failed' });
          throw error;
        } finally {
          end();
        }
      },
    };
  }

  /** The store with every operation timed and every failure counted. */
  instrumentStore(store: SessionStore): SessionStore {
    const timed = async <T>(op: string, work: () => Promise<T>): Promise<T> => {
      const end = this.storeSeconds.startTimer({ op });
      try {
        return await work();
      } catch (error) {
        this.storeErrors.inc({ op });
        throw error;
      } finally {
        end();
      }
    };
    return {
      get: (key) => timed('get', () => store.get(key)),
      put: (key, data, expected, ttl) => timed('put', () => store.put(key, data, expected, ttl)),
      delete: (key) => timed('delete', () => store.delete(key)),
      close: () => store.close(),
      ...(store.onRemoteDelete ? { onRemoteDelete: (listener) => store.onRemoteDelete?.(listener) } : {}),
    };
  }

  /** The letter builder with every letter counted and timed. */
  instrumentLetters(build: LetterBuilder): LetterBuilder {
    return async (request, format) => {
      const end = this.letterSeconds.startTimer({ format });
      try {
        const letter = await build(request, format);
        end();
        this.letters.inc({ format, outcome: 'built' });
        return letter;
      } catch (error) {
        this.letters.inc({ format, outcome: isOverturnError(error, 'busy') ? 'busy' : 'failed' });
        throw error;
      }
    };
  }

  /** For `createHttpServer`: times every response by its route pattern. */
  readonly observeResponse = (req: IncomingMessage, res: ServerResponse, seconds: number): void => {
    const route = routePattern(req) ?? 'unmatched';
    this.httpSeconds.observe({ route, status: `${Math.floor(res.statusCode / 100)}xx` }, seconds);
  };

  watchPool(pool: WorkerPool): void {
    this.pool = pool;
  }

  /** Each configured platform's state, read at every scrape. */
  watchPlatforms(status: () => Record<string, PlatformStatus>): void {
    this.platformStatus = status;
  }

  private noteActive(conversation: string): void {
    const now = Date.now();
    // Re-inserting keeps the map in last-seen order, so pruning stops at the first recent entry.
    this.active.delete(conversation);
    this.active.set(conversation, now);
    if (this.active.size > 10_000) this.activeConversations(now);
  }

  private activeConversations(now = Date.now()): number {
    for (const [key, at] of this.active) {
      if (now - at < ACTIVE_WINDOW_MS) break;
      this.active.delete(key);
    }
    return this.active.size;
  }
}

function platformOf(conversation: string): string {
  const platform = parseConversationKey(conversation)?.platform ?? 'other';
  return PLATFORMS.has(platform) ? platform : 'other';
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** One scrape: the registry in the Prometheus text format, or 401 without the right bearer token. */
export function metricsScraper(metrics: Metrics, token?: string) {
  const expected = token === undefined ? null : digest(token);
  return async (authorization: string | undefined): Promise<Response> => {
    if (expected) {
      const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
      // Compared as digests: equal lengths for timingSafeEqual, and no timing hint about the token.
      if (!timingSafeEqual(digest(given), expected))
        return text(401, 'unauthorized\n', { 'WWW-Authenticate': 'Bearer' });
    }
    return text(200, await metrics.registry.metrics(), { 'Content-Type': metrics.registry.contentType });
  };
}

/** `GET /metrics` on the main port (behind the token). */
export function metricsHandler(metrics: Metrics, token?: string): Handler {
  const scrape = metricsScraper(metrics, token);
  return (request) => scrape(request.headers.get('authorization') ?? undefined);
}

/** `/metrics` on a port of its own (`METRICS_PORT`), apart from the public one. */
export async function listenForMetrics(
  metrics: Metrics,
  token: string | undefined,
  port: number,
  host: string,
): Promise<{ port: number; close(): Promise<void> }> {
  const scrape = metricsScraper(metrics, token);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const answer =
      path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')
        ? scrape(req.headers.authorization)
        : Promise.resolve(text(404, 'not found\n'));
    void answer.then(
      async (response) => {
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        res.writeHead(response.status, headers);
        res.end(Buffer.from(await response.arrayBuffer()));
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
