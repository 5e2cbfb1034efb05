import { once } from 'node:events';
import { Events, type Client } from 'discord.js';
import type { Bot } from '../../bot.js';
import { OverturnError } from '../../core/errors.js';
import { errorName, InFlight, OrderedQueue, type AdapterContext, type RunningAdapter } from '../kit/index.js';
import { createDiscordClient } from './client.js';
import type { DiscordConfig } from './config.js';
import { postHandoff } from './handoff.js';
import { handleInteraction, handleMessage, type ChatBot, type HandlerContext } from './handlers.js';
import { discordReminders } from './reminders.js';

export type { DiscordConfig } from './config.js';

export interface DiscordOptions {
  /** Defer an interaction whose replies take longer than this (Discord's limit is 3 s). */
  deferAfterMs?: number;
  /** Show "typing…" in a DM whose replies take longer than this. */
  typingAfterMs?: number;
}

/** What the adapter uses of the shared context (an `AdapterContext` fits). */
export type DiscordContext = Pick<AdapterContext, 'logger'> & {
  bot: ChatBot & Partial<Pick<Bot, 'reminders' | 'handoffFrom'>>;
};

export interface RunningDiscord extends RunningAdapter {
  client: Client;
  /** Resolves when every event received so far has been answered. */
  idle(): Promise<void>;
}

const DEFAULT_DEFER_AFTER_MS = 1500;
const DEFAULT_TYPING_AFTER_MS = 1000;

/** Connects to the gateway and answers DMs and interactions until `stop()`. */
export async function startDiscord(
  config: DiscordConfig,
  ctx: DiscordContext,
  options: DiscordOptions = {},
): Promise<RunningDiscord> {
  const { bot, logger } = ctx;
  const client = createDiscordClient(config);
  const handlers: HandlerContext = {
    bot,
    logger,
    applicationId: config.applicationId,
    ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
    deferAfterMs: options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
    typingAfterMs: options.typingAfterMs ?? DEFAULT_TYPING_AFTER_MS,
    turns: new OrderedQueue(),
  };
  const { handoffChannel } = config;
  if (handoffChannel) {
    handlers.handoff = (userId, handoff) => postHandoff(client, handoffChannel, userId, handoff, bot.t);
    bot.handoffFrom?.('discord');
  }
  const inFlight = new InFlight();
  let stopping = false;

  /** Every event runs as a tracked task: failures are logged (ids and codes only), and stop() waits for the rest. */
  const track = (event: string, id: string, task: () => Promise<void>): void => {
    if (stopping) return;
    inFlight.run(task, (error) =>
      logger.error(
        { code: 'platform_error', platform: 'discord', event, id, err: errorName(error) },
        'discord event failed',
      ),
    );
  };

  client.on(Events.MessageCreate, (message) => track('message', message.id, () => handleMessage(message, handlers)));
  client.on(Events.InteractionCreate, (interaction) =>
    track('interaction', interaction.id, () => handleInteraction(interaction, handlers)),
  );
  client.on(Events.Error, (error) =>
    logger.error({ code: 'platform_error', platform: 'discord', err: errorName(error) }, 'discord client error'),
  );
  client.on(Events.ShardError, (error, shard) =>
    logger.warn({ code: 'platform_error', platform: 'discord', shard, err: errorName(error) }, 'discord gateway error'),
  );

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(config.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw new OverturnError('platform_error', `Discord login failed (${errorName(error)})`, { cause: error });
  }
  logger.info({ platform: 'discord', bot: client.user?.id }, 'discord adapter ready');
  bot.reminders?.deliverVia('discord', discordReminders(client, logger));

  const idle = (): Promise<void> => inFlight.idle();

  return {
    name: 'discord',
    client,
    idle,
    async stop() {
      stopping = true;
      // Finish the turns in progress (their replies still need the connection), then close the gateway.
      await idle();
      await client.destroy();
      logger.info({ platform: 'discord' }, 'discord adapter stopped');
    },
  };
}
