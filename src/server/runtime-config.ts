import { z } from 'zod';
import { OverturnError } from '../core/errors.js';

/** How the server runs CPU work and whether it exposes metrics. */
export interface RuntimeConfig {
  /** Worker threads for letters and other CPU jobs; `undefined`: one per core but one. */
  workerThreads?: number;
  /** Jobs allowed to wait for a thread before new ones are answered "busy". */
  workerQueueLimit?: number;
  /** How much lower the worker threads' priority is than the event loop's (nice increment 0–19). */
  workerNice?: number;
  metrics: MetricsConfig;
}

export type MetricsConfig =
  | { enabled: false }
  /** `/metrics` on the main port behind `token`, or on a port of its own (`port`, token optional). */
  | { enabled: true; token?: string; port?: number };

const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const runtimeEnv = z.object({
  WORKER_THREADS: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(64).optional()),
  WORKER_QUEUE_LIMIT: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(100_000).optional()),
  WORKER_NICE: z.preprocess(blankIsUnset, z.coerce.number().int().min(0).max(19).optional()),
  METRICS: z.preprocess(blankIsUnset, z.enum(['on', 'off']).default('off')),
  // A token is a shared secret in a header: short ones are guessable.
  METRICS_TOKEN: z.preprocess(blankIsUnset, z.string().min(16, 'must be at least 16 characters').optional()),
  METRICS_PORT: z.preprocess(blankIsUnset, z.coerce.number().int().min(0).max(65535).optional()),
});

/** Reads the runtime settings; a bad or unsafe combination throws `config_invalid` naming the variable. */
export function runtimeConfigFromEnv(env: NodeJS.ProcessEnv): RuntimeConfig {
  const parsed = runtimeEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new OverturnError('config_invalid', `${name} is invalid: ${issue?.message ?? 'unreadable value'}`);
  }
  const e = parsed.data;
  let metrics: MetricsConfig = { enabled: false };
  if (e.METRICS === 'on') {
    if (e.METRICS_TOKEN === undefined && e.METRICS_PORT === undefined) {
      throw new OverturnError(
        'config_invalid',
        'METRICS=on needs METRICS_TOKEN (to serve /metrics on the main port behind that token) or METRICS_PORT (a port of its own)',
      );
    }
    metrics = {
      enabled: true,
      ...(e.METRICS_TOKEN !== undefined ? { token: e.METRICS_TOKEN } : {}),
      ...(e.METRICS_PORT !== undefined ? { port: e.METRICS_PORT } : {}),
    };
  }
  return {
    ...(e.WORKER_THREADS !== undefined ? { workerThreads: e.WORKER_THREADS } : {}),
    ...(e.WORKER_QUEUE_LIMIT !== undefined ? { workerQueueLimit: e.WORKER_QUEUE_LIMIT } : {}),
    ...(e.WORKER_NICE !== undefined ? { workerNice: e.WORKER_NICE } : {}),
    metrics,
  };
}
