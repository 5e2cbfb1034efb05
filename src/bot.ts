import { fixedClock, systemClock, type Clock } from './core/clock.js';
import { Engine } from './core/engine.js';
import { translator, type Translator } from './core/i18n.js';
import { silentLogger, type Logger } from './core/log.js';
import { MemorySessionStore, type SessionStore } from './core/session-store.js';
import type { Organisation } from './core/organisation.js';
import type { Inbound, Reply } from './core/types.js';
import { appealFlow } from './flows/appeal/flow.js';
import type { AppealContext } from './flows/appeal/context.js';
import { runAppealEffect } from './flows/appeal/effects.js';
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
  /** Called after "forget me" (adapters drop letters and caches they keep). */
  onForget?: (conversation: string) => Promise<void> | void;
}

export const DEFAULT_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The product, assembled: the appeal flow on the engine, ready for any adapter. */
export interface Bot {
  handle(inbound: Inbound): Promise<Reply[]>;
  /** Translator for adapter chrome (DM notices, button labels). */
  t: Translator;
  clock: Clock;
  knowledge: Knowledge;
  engine: Engine<AppealState, AppealContext>;
  /** Registers another "forget me" listener (e.g. an adapter's letter cache). */
  onForget(listener: (conversation: string) => Promise<void> | void): void;
  /** Waits for turns in flight (graceful shutdown). */
  idle(): Promise<void>;
}

export function createBot(options: BotOptions = {}): Bot {
  const locale = options.locale ?? 'en';
  const t = translator(locale);
  const clock = options.clock ?? systemClock();
  const knowledge = options.knowledge ?? loadKnowledge();
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const retentionDays = Math.max(1, Math.round(ttlSeconds / 86_400));
  const forgetListeners: Array<(conversation: string) => Promise<void> | void> = [];
  if (options.onForget) forgetListeners.push(options.onForget);
  const engine = new Engine<AppealState, AppealContext>({
    store: options.store ?? new MemorySessionStore(),
    flow: appealFlow,
    context: () => ({
      today: clock.today(),
      knowledge,
      t,
      locale,
      retentionDays,
      ...(options.organisation ? { organisation: options.organisation } : {}),
    }),
    runEffect: runAppealEffect,
    ttlSeconds,
    t,
    logger: options.logger ?? silentLogger,
    onForget: async (conversation) => {
      for (const listener of forgetListeners) await listener(conversation);
    },
  });
  return {
    handle: (inbound) => engine.handle(inbound),
    t,
    clock,
    knowledge,
    engine,
    onForget: (listener) => forgetListeners.push(listener),
    idle: () => engine.idle(),
  };
}

export { fixedClock };
