import { expect } from 'vitest';
import { createBot, fixedClock, type Bot } from '../../../src/bot.js';
import type { TeamsConfig } from '../../../src/adapters/teams/config.js';
import { startTeams, type RunningTeams, type TeamsStartOptions } from '../../../src/adapters/teams/index.js';
import { silentLogger, type Logger } from '../../../src/core/log.js';
import { MemorySessionStore, type SessionStore } from '../../../src/core/session-store.js';
import { createHttpServer } from '../../../src/server/http.js';
import type { ConnectorActivity, FakeBotConnector } from '../../fakes/teams-connector.js';

/**
 * The bot side of the Teams tests: the real adapter mounted on a small HTTP
 * server standing in for the shared one, and helpers that post activities the
 * way the Bot Connector does.
 */
export interface TeamsHarness {
  bot: Bot;
  /** The bot's session store, to check what is (not) kept. */
  store: SessionStore;
  url: string;
  adapter: RunningTeams;
  post(activity: Record<string, unknown>, options?: { token?: string }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startTeamsHarness(
  config: TeamsConfig,
  options: TeamsStartOptions & { store?: SessionStore; bot?: Bot } = {},
  logger: Logger = silentLogger,
): Promise<TeamsHarness> {
  const {
    store = new MemorySessionStore(),
    bot = createBot({ clock: fixedClock('2026-04-01'), store }),
    ...teamsOptions
  } = options;
  const server = createHttpServer(silentLogger);
  const adapter = await startTeams(config, { bot, logger, routes: server.routes }, teamsOptions);
  const url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/api/messages`;

  return {
    bot,
    store,
    url,
    adapter,
    post: async (activity, postOptions = {}) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          ...(postOptions.token ? { Authorization: `Bearer ${postOptions.token}` } : {}),
        },
        body: JSON.stringify(activity),
      });
      return { status: response.status, body: await response.text() };
    },
    close: async () => {
      await adapter.stop();
      await bot.idle();
      await server.close(0);
    },
  };
}

export const TENANT_ID = 'tenant-hospital-1';
export const USER_AAD_ID = 'aad-nurse-1';
export const BOT_ID = '28:overturn-bot';

let activityCounter = 0;

/** A Teams activity as the Bot Connector delivers it to the bot. */
export function teamsActivity(
  connector: FakeBotConnector,
  fields: Record<string, unknown> & {
    conversationType?: 'personal' | 'channel' | 'groupChat';
    conversationId?: string;
  },
): Record<string, unknown> {
  const { conversationType = 'personal', conversationId = 'a:personal-chat-1', ...rest } = fields;
  activityCounter += 1;
  return {
    type: 'message',
    id: `incoming-${activityCounter}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    from: { id: '29:nurse-teams-id', name: 'Nurse Navigator', aadObjectId: USER_AAD_ID },
    recipient: { id: BOT_ID, name: 'Overturn' },
    conversation: {
      id: conversationId,
      conversationType,
      tenantId: TENANT_ID,
      isGroup: conversationType !== 'personal',
    },
    channelData: { tenant: { id: TENANT_ID } },
    locale: 'en-US',
    ...rest,
  };
}

/** One user's chat with the bot: each call posts an activity and returns what the bot sent back in that turn. */
export class TeamsChat {
  constructor(
    private readonly harness: TeamsHarness,
    private readonly connector: FakeBotConnector,
    private readonly fields: Record<string, unknown> & {
      conversationType?: 'personal' | 'channel' | 'groupChat';
      conversationId?: string;
    } = {},
  ) {}

  async send(
    fields: Record<string, unknown>,
    options: { token?: string } = {},
  ): Promise<{ status: number; body: string; replies: ConnectorActivity[] }> {
    const before = this.connector.activities.length;
    const activity = teamsActivity(this.connector, { ...this.fields, ...fields });
    const response = await this.harness.post(activity, options);
    // A message is answered before its turn runs: its replies have all reached the connector once the adapter settles.
    await this.harness.adapter.settled();
    const replies = this.connector.activities.slice(before).map((posted) => {
      expect(posted.conversationId).toBe((activity.conversation as { id: string }).id);
      expect(posted.replyToId).toBe(activity.id);
      return posted.activity;
    });
    return { ...response, replies };
  }

  say(text: string) {
    return this.send({ text });
  }

  /** What Teams sends for an Action.Submit: the card's input values merged with the button's data. */
  submit(value: Record<string, unknown>) {
    return this.send({ value });
  }

  invoke(name: string, value: unknown) {
    return this.send({ type: 'invoke', name, value });
  }
}
