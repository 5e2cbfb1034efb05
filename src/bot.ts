import { fixedClock, systemClock, type Clock } from './core/clock.js';
import { Engine } from './core/engine.js';
import { errorName } from './core/errors.js';
import { translator, type Translator } from './core/i18n.js';
import { silentLogger, type Logger } from './core/log.js';
import { MemorySessionStore, type SessionStore } from './core/session-store.js';
import type { Organisation } from './core/organisation.js';
import type { ConversationKey, FileReply, Inbound, TurnOutcome } from './core/types.js';
import { appealFlow } from './flows/appeal/flow.js';
import type { AppealContext } from './flows/appeal/context.js';
import { rebuildAppealFile, runAppealEffect } from './flows/appeal/effects.js';
import type { AppealState } from './flows/appeal/state.js';
import { loadKnowledge, type Knowledge } from './flows/appeal/domain/knowledge.js';

export interface BotOptions {
  store?: SessionStore;
  clock?: Clock;
  locale?: string;
  /** Inactivity expiry of a session. */
  ttlSeconds?: number;
  logger?: Logger;
  knowledge?: Knowledge;
  /** The organisation running the bot, named in the greeting, help, plan and letter notes. */
  organisation?: Organisation;
}

export const DEFAULT_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The product, assembled: the appeal flow on the engine, ready for any adapter. */
export interface Bot {
  /** One turn: the replies and what else happened (forgotten, new, duplicate). */
  handle(inbound: Inbound): Promise<TurnOutcome>;
  /**
   * A file offered in an earlier turn (its `ref`), made again from the stored
   * answers: any replica can serve it. Null when the conversation no longer has one.
   */
  file(conversation: ConversationKey, ref: string): Promise<FileReply | null>;
  /** Translator for adapter chrome (DM notices, button labels). */
  t: Translator;
  clock: Clock;
  /** Waits for turns in flight (graceful shutdown). */
  idle(): Promise<void>;
}

/** The flow context a turn sees: today's date from the clock, the knowledge, the words. */
export function appealContext(options: {
  clock: Clock;
  knowledge: Knowledge;
  locale: string;
  ttlSeconds: number;
  organisation?: Organisation;
}): () => AppealContext {
  const t = translator(options.locale);
  const retentionDays = Math.max(1, Math.round(options.ttlSeconds / 86_400));
  return () => ({
    today: options.clock.today(),
    knowledge: options.knowledge,
    t,
    locale: options.locale,
    retentionDays,
    ...(options.organisation ? { organisation: options.organisation } : {}),
  });
}

export function createBot(options: BotOptions = {}): Bot {
  const locale = options.locale ?? 'en';
  const t = translator(locale);
  const clock = options.clock ?? systemClock();
  const knowledge = options.knowledge ?? loadKnowledge();
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const logger = options.logger ?? silentLogger;
  const engine = new Engine<AppealState, AppealContext>({
    store: options.store ?? new MemorySessionStore(),
    flow: appealFlow,
    context: appealContext({
      clock,
      knowledge,
      locale,
      ttlSeconds,
      ...(options.organisation ? { organisation: options.organisation } : {}),
    }),
    runEffect: runAppealEffect,
    ttlSeconds,
    t,
    logger,
  });
  return {
    handle: (inbound) => engine.handle(inbound),
    file: async (conversation, ref) => {
      try {
        const saved = await engine.saved(conversation);
        return saved ? await rebuildAppealFile(ref, saved.state, saved.ctx) : null;
      } catch (error) {
        logger.error({ code: 'letter_failed', err: errorName(error) }, 'could not rebuild a file');
        return null;
      }
    },
    t,
    clock,
    idle: () => engine.idle(),
  };
}

export { fixedClock };
