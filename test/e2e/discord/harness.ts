import mammoth from 'mammoth';
import { createBot, fixedClock, type Bot } from '../../../src/bot.js';
import { silentLogger } from '../../../src/core/log.js';
import type { SessionStore } from '../../../src/core/session-store.js';
import { startDiscord, type DiscordOptions, type RunningDiscord } from '../../../src/adapters/discord/index.js';
import { componentsOf, FakeDiscord, type FakeMessage, type FakeUser } from '../../fakes/discord.js';

export const APP_ID = '1300000000000000001';
export const TOKEN = 'fake-bot-token';
export const GUILD = { id: '1400000000000000001', name: 'MS Support Circle', channelId: '1400000000000000002' };

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  adapter: RunningDiscord;
  user: FakeUser;
  /** Runs `act` and returns every message the bot sent for it, once the turn's last message (a question or a file) arrived. */
  turn(act: () => unknown): Promise<FakeMessage[]>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { store?: SessionStore; adapter?: DiscordOptions; bot?: Bot; handoffChannel?: string } = {},
): Promise<Harness> {
  const fake = await new FakeDiscord({ token: TOKEN, applicationId: APP_ID, guilds: [GUILD] }).start();
  const bot =
    options.bot ?? createBot({ clock: fixedClock('2026-04-01'), ...(options.store ? { store: options.store } : {}) });
  const adapter = await startDiscord(
    {
      token: TOKEN,
      applicationId: APP_ID,
      apiUrl: fake.apiUrl,
      ...(options.handoffChannel ? { handoffChannel: options.handoffChannel } : {}),
    },
    { bot, logger: silentLogger },
    options.adapter,
  );
  const user = fake.user('1500000000000000001', 'pat');
  return {
    fake,
    bot,
    adapter,
    user,
    async turn(act) {
      const mark = fake.outbox.length;
      act();
      await fake.waitForMessage(endsTurn, mark);
      return fake.outbox.slice(mark);
    },
    async close() {
      // Destroy the client first: closing the fake under a live client starts a reconnect loop.
      await adapter.stop();
      await fake.close();
    },
  };
}

/** A turn ends with a question (it has answer components); the letter and calendar files come before it. */
export function endsTurn(message: FakeMessage): boolean {
  return customIds(message).some((id) => /^(c|s|t|f|fd):/.test(id));
}

export function customIds(message: FakeMessage): string[] {
  return componentsOf(message).map((c) => String(c.custom_id ?? ''));
}

export function question(messages: FakeMessage[]): FakeMessage {
  const found = messages.find(endsTurn);
  if (!found) throw new Error('no question in this turn');
  return found;
}

/** The choice button (or select option) whose label starts with `label`, as [customId, values]. */
export function choice(message: FakeMessage, label: string | RegExp): [string, string[] | undefined] {
  const matches = (text: string): boolean => (typeof label === 'string' ? text.startsWith(label) : label.test(text));
  for (const component of componentsOf(message)) {
    if (component.type === 2 && String(component.custom_id).startsWith('c:') && matches(component.label))
      return [component.custom_id, undefined];
    if (component.type === 3) {
      const option = (component.options as Array<{ label: string; value: string }>).find((o) => matches(o.label));
      if (option) return [component.custom_id, [option.value]];
    }
  }
  throw new Error(`no choice labelled ${String(label)} on the message`);
}

export async function docxText(bytes: Uint8Array): Promise<string> {
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return value;
}
