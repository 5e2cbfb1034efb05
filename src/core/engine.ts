import { z } from 'zod';
import type { EffectRunner, Flow, StepResult } from './flow.js';
import type { Translator } from './i18n.js';
import { silentLogger, type Logger } from './log.js';
import type { SessionData, SessionRecord, SessionStore } from './session-store.js';
import type { Inbound, Reply } from './types.js';

/** How many delivery ids a session remembers to drop duplicates. */
const SEEN_EVENTS_KEPT = 50;
/** Inputs kept per conversation while the store is down, replayed once it is back. */
const PENDING_INPUTS_KEPT = 20;
const MAX_WRITE_ATTEMPTS = 8;

const sessionEnvelope = z.object({
  flow: z.string(),
  state: z.unknown(),
  seen: z.array(z.string()).default([]),
  meta: z.record(z.string(), z.unknown()).default({}),
});
type SessionEnvelope = z.infer<typeof sessionEnvelope>;

export interface EngineOptions<S, C> {
  store: SessionStore;
  flow: Flow<S, C>;
  /** Builds the flow context for one turn (today's date, knowledge, translator). */
  context: (inbound: Inbound) => C;
  /** Runs effects such as building the letter, after the state is saved. */
  runEffect?: EffectRunner<S, C>;
  ttlSeconds: number;
  /** Engine-level messages (store down, unreadable session). */
  t: Translator;
  logger?: Logger;
  /** Called after "forget me" so adapters can drop anything they keep (letters, caches). */
  onForget?: (conversation: string) => Promise<void> | void;
}

/**
 * Runs one turn per inbound message: load the session, drop duplicate
 * deliveries, advance the flow, save with a version check, run effects.
 * Turns of one conversation run one at a time in this process; across
 * processes the version check makes a losing writer re-read and re-apply.
 */
export class Engine<S, C> {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly pending = new Map<string, Inbound[]>();
  private readonly logger: Logger;

  constructor(private readonly options: EngineOptions<S, C>) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Handles one inbound message and returns what to say. Never throws for user input. */
  handle(inbound: Inbound): Promise<Reply[]> {
    const key = inbound.conversation;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const turn = previous.then(() => this.turnWithReplay(inbound));
    const settled = turn.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return turn;
  }

  /** Resolves when every turn in flight has finished (graceful shutdown). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  private async turnWithReplay(inbound: Inbound): Promise<Reply[]> {
    const key = inbound.conversation;
    const queued = this.pending.get(key) ?? [];
    const replies: Reply[] = [];
    for (const [index, earlier] of queued.entries()) {
      const outcome = await this.turn(earlier);
      if (outcome === 'store-down') {
        this.remember(key, inbound);
        return [this.storeDownReply()];
      }
      this.pending.set(key, queued.slice(index + 1));
      replies.push(...outcome);
    }
    this.pending.delete(key);
    const outcome = await this.turn(inbound);
    if (outcome === 'store-down') {
      this.remember(key, inbound);
      return [...replies, this.storeDownReply()];
    }
    return [...replies, ...outcome];
  }

  private remember(key: string, inbound: Inbound): void {
    const list = this.pending.get(key) ?? [];
    if (inbound.input.kind !== 'start') list.push(inbound);
    this.pending.set(key, list.slice(-PENDING_INPUTS_KEPT));
  }

  private storeDownReply(): Reply {
    return { kind: 'text', tone: 'error', text: this.options.t('core.storeDown') };
  }

  private async turn(inbound: Inbound): Promise<Reply[] | 'store-down'> {
    const { store, flow, ttlSeconds } = this.options;
    const key = inbound.conversation;
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
      let record: SessionRecord | null;
      try {
        record = await store.get(key);
      } catch (error) {
        this.logger.warn({ code: 'store_unavailable', op: 'get', err: errorName(error) }, 'session store unavailable');
        return 'store-down';
      }
      const ctx = this.options.context(inbound);
      const loaded = this.decode(record);
      if (loaded.envelope && inbound.eventId && loaded.envelope.seen.includes(inbound.eventId)) {
        this.logger.debug({ event: 'duplicate_delivery' }, 'duplicate delivery dropped');
        return [];
      }
      const result: StepResult<S> = loaded.state
        ? flow.advance(loaded.state, inbound.input, ctx)
        : flow.start(flow.initial(ctx), inbound.input, ctx);
      const notices: Reply[] = loaded.unreadable
        ? [{ kind: 'text', tone: 'warning', text: this.options.t('core.sessionUnreadable') }]
        : [];

      if (result.effects.some((e) => e.type === 'forget')) {
        try {
          await store.delete(key);
          this.pending.delete(key);
          await this.options.onForget?.(key);
        } catch (error) {
          this.logger.warn({ code: 'store_unavailable', op: 'delete', err: errorName(error) }, 'forget failed');
          return [{ kind: 'text', tone: 'error', text: this.options.t('core.forgetFailed') }];
        }
        return [...notices, ...result.replies];
      }

      const seen = [...(loaded.envelope?.seen ?? []), ...(inbound.eventId ? [inbound.eventId] : [])].slice(-SEEN_EVENTS_KEPT);
      const envelope: SessionEnvelope = {
        flow: flow.id,
        state: result.state,
        seen,
        meta: { ...(loaded.envelope?.meta ?? {}), ...(inbound.meta ?? {}) },
      };
      let written: number | null;
      try {
        written = await store.put(key, envelope as SessionData, record?.version ?? null, ttlSeconds);
      } catch (error) {
        this.logger.warn({ code: 'store_unavailable', op: 'put', err: errorName(error) }, 'session store unavailable');
        return 'store-down';
      }
      if (written === null) {
        this.logger.debug({ code: 'store_conflict', attempt }, 'session changed underneath; re-applying');
        continue;
      }
      const effectReplies = await this.runEffects(result, ctx);
      return [...notices, ...result.replies, ...effectReplies];
    }
    this.logger.error({ code: 'store_conflict' }, 'gave up after repeated write conflicts');
    return 'store-down';
  }

  private async runEffects(result: StepResult<S>, ctx: C): Promise<Reply[]> {
    const replies: Reply[] = [];
    for (const effect of result.effects) {
      if (!this.options.runEffect) continue;
      try {
        replies.push(...(await this.options.runEffect(effect, result.state, ctx)));
      } catch (error) {
        this.logger.error({ code: 'effect_failed', effect: effect.type, err: errorName(error) }, 'effect failed');
        replies.push({ kind: 'text', tone: 'error', text: this.options.t('core.effectFailed') });
      }
    }
    return replies;
  }

  private decode(record: SessionRecord | null): { envelope?: SessionEnvelope; state?: S; unreadable: boolean } {
    if (!record) return { unreadable: false };
    const parsed = sessionEnvelope.safeParse(record.data);
    const state = parsed.success && parsed.data.flow === this.options.flow.id ? this.options.flow.load(parsed.data.state) : null;
    if (!parsed.success || state === null) {
      this.logger.warn({ code: 'session_unreadable' }, 'stored session could not be read; starting over');
      return { envelope: parsed.success ? parsed.data : undefined, unreadable: true };
    }
    return { envelope: parsed.data, state, unreadable: false };
  }

  /** Adapter data kept with the session (e.g. Teams conversation references). */
  async sessionMeta(conversation: string): Promise<Record<string, unknown> | null> {
    const record = await this.options.store.get(conversation);
    const parsed = record ? sessionEnvelope.safeParse(record.data) : null;
    return parsed?.success ? parsed.data.meta : null;
  }
}

/** Only the error's class name and code reach the logs: messages can echo user data. */
function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name}:${code}` : error.name;
  }
  return typeof error;
}
