import { createBot, fixedClock } from '../../src/bot.js';
import { MemorySessionStore, type SessionStore } from '../../src/core/session-store.js';
import type { LetterBuilder } from '../../src/flows/appeal/letter/index.js';
import type { ConversationDriver } from './conversation-bench.js';
import { BENCH_TODAY, LETTER_TURN, runSeedConversation, SEED_TURNS } from './scenario.js';

/** Our side: the appeal flow on the engine (`createBot`), the seed conversation through `bot.handle`. */
export function engineDriver(
  store: SessionStore = new MemorySessionStore(),
  buildLetter?: LetterBuilder,
): ConversationDriver {
  const bot = createBot({ clock: fixedClock(BENCH_TODAY), store, ...(buildLetter ? { buildLetter } : {}) });
  return {
    async conversation(key, withLetter) {
      const timing = await runSeedConversation(bot, key, withLetter ? SEED_TURNS.length : LETTER_TURN);
      return timing.turns;
    },
  };
}
