/**
 * The Discord adapter as the server runs it, in its own process, for the
 * shutdown test: starts from the environment, stops on SIGTERM, and must then
 * exit by itself (no open handles left behind by discord.js).
 * SLOW_STORE_MS makes every turn slow, to stop while one is in progress.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createBot, fixedClock } from '../../../src/bot.js';
import { silentLogger } from '../../../src/core/log.js';
import { MemorySessionStore, type SessionRecord } from '../../../src/core/session-store.js';
import { discordConfigFromEnv } from '../../../src/adapters/discord/config.js';

const delay = Number(process.env.SLOW_STORE_MS ?? 0);

class SlowStore extends MemorySessionStore {
  override async get(key: string): Promise<SessionRecord | null> {
    await sleep(delay);
    return super.get(key);
  }
}

const result = discordConfigFromEnv(process.env);
if (!result.configured) throw new Error(result.reason);
const bot = createBot({ clock: fixedClock('2026-04-01'), store: new SlowStore() });
const { startDiscord } = await import('../../../src/adapters/discord/index.js');
const adapter = await startDiscord(result.config, { bot, logger: silentLogger }, { typingAfterMs: 10 });
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  void adapter
    .stop()
    .then(() => bot.idle())
    .then(() => process.stdout.write('stopped\n'));
});
