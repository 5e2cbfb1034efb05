import type { SessionStore } from '../core/session-store.js';
import { json, type Handler } from '../adapters/kit/index.js';
import type { PlatformStatus } from './platform-starter.js';

export interface ReadinessSources {
  store: SessionStore;
  platforms: () => Record<string, PlatformStatus>;
  /** True once shutdown has begun: a load balancer should send no more traffic. */
  stopping: () => boolean;
  /** A store that does not answer within this time is not ready. */
  storeTimeoutMs?: number;
}

/** A key no conversation can have (no `:`), so the probe never reads a session. */
const PROBE_KEY = '#readiness-probe';

/**
 * `GET /readyz`: 200 when the session store answers and every configured
 * platform is connected; otherwise 503 naming what is not ready. Concurrent
 * probes share one store round trip.
 */
export function readinessHandler(sources: ReadinessSources): Handler {
  let probe: Promise<boolean> | null = null;
  const storeAnswers = (): Promise<boolean> => {
    probe ??= new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), sources.storeTimeoutMs ?? 2000);
      void sources.store
        .get(PROBE_KEY)
        .then(
          () => true,
          () => false,
        )
        .then((answered) => {
          clearTimeout(timer);
          resolve(answered);
        });
    }).finally(() => {
      probe = null;
    });
    return probe;
  };

  return async () => {
    const platforms = sources.platforms();
    const store = sources.stopping() ? false : await storeAnswers();
    const notReady = [
      ...(sources.stopping() ? ['stopping'] : []),
      ...(store ? [] : ['store']),
      ...Object.entries(platforms)
        .filter(([, status]) => status.state !== 'connected')
        .map(([name]) => name),
    ];
    return json(notReady.length === 0 ? 200 : 503, {
      status: notReady.length === 0 ? 'ready' : 'not_ready',
      ...(notReady.length > 0 ? { notReady } : {}),
      store: store ? 'ok' : 'unavailable',
      platforms: Object.fromEntries(Object.entries(platforms).map(([name, status]) => [name, status.state])),
    });
  };
}
