import type { AdapterContext, RunningAdapter } from '../adapters/kit/index.js';
import { errorName, isOverturnError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { PlatformPlan } from './platform.js';

/** `connected`: serving; `starting`/`retrying`: not yet; `failed`: refused its settings, not retried. */
export type PlatformState = 'starting' | 'connected' | 'retrying' | 'failed';

export interface PlatformStatus {
  state: PlatformState;
  attempts: number;
  /** Class and code of the last failure (never its message, which can echo a token or a request). */
  error?: string;
}

export interface StarterOptions {
  logger: Logger;
  announce: (line: string) => void;
  /** First wait between attempts; doubles up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Starts each configured platform in the background, retrying with backoff
 * until it connects, so one unreachable platform API never keeps the web chat
 * or the health checks from answering. Settings a platform refuses
 * (`config_invalid`, e.g. a revoked token) are reported as `failed`, not retried.
 */
export class PlatformStarter {
  private readonly statuses = new Map<string, PlatformStatus>();
  private readonly running: RunningAdapter[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: StarterOptions) {}

  /** Starts one platform; resolves after its first attempt, whatever the outcome (later ones run in the background). */
  start(plan: PlatformPlan, ctx: AdapterContext, baseUrl: string): Promise<void> {
    const { platform } = plan;
    this.statuses.set(platform.name, { state: 'starting', attempts: 0 });
    let attempts = 0;
    return new Promise((firstAttemptDone) => {
      const attempt = async (delayMs: number): Promise<void> => {
        if (this.stopped) return firstAttemptDone();
        attempts += 1;
        try {
          const adapter = await plan.start(ctx);
          if (this.stopped) {
            await adapter.stop();
            return firstAttemptDone();
          }
          this.running.push(adapter);
          this.statuses.set(platform.name, { state: 'connected', attempts });
          this.options.announce(platform.activeLine?.(baseUrl) ?? `${platform.name}: active`);
          this.options.logger.info({ event: 'platform_connected', platform: platform.name }, 'platform connected');
        } catch (error) {
          const refused = isOverturnError(error, 'config_invalid');
          this.statuses.set(platform.name, {
            state: refused ? 'failed' : 'retrying',
            attempts,
            error: errorName(error),
          });
          this.options.logger.error(
            { code: 'platform_start_failed', platform: platform.name, attempt: attempts, err: errorName(error) },
            refused ? 'platform refused its settings' : 'platform could not start; retrying',
          );
          if (refused) {
            this.options.announce(
              `${platform.name}: failed: ${error instanceof Error ? error.message : errorName(error)}`,
            );
          } else {
            this.options.announce(
              `${platform.name}: not connected (${errorName(error)}), retrying in ${delayMs / 1000} s`,
            );
            const timer = setTimeout(() => {
              this.timers.delete(timer);
              void attempt(Math.min(delayMs * 2, this.options.maxDelayMs ?? 60_000));
            }, delayMs);
            timer.unref();
            this.timers.add(timer);
          }
        }
        firstAttemptDone();
      };
      void attempt(this.options.firstDelayMs ?? 1000);
    });
  }

  /** Every configured platform and its state, for `/readyz` and the logs. */
  status(): Record<string, PlatformStatus> {
    return Object.fromEntries([...this.statuses].map(([name, status]) => [name, { ...status }]));
  }

  get active(): string[] {
    return this.running.map((adapter) => adapter.name);
  }

  /** Stops retrying and stops every platform that started. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled(this.running.map((adapter) => adapter.stop()));
  }
}
