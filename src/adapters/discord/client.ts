import { Client, GatewayIntentBits, Partials } from 'discord.js';
import type { DiscordConfig } from './config.js';

/**
 * The gateway client. Guilds (for slash commands in servers) and
 * DirectMessages (the flow runs in DMs) are enough: DM text needs no
 * privileged Message Content intent. DM channels arrive uncached, so
 * `Partials.Channel` is required or DM messages are silently dropped.
 */
export function createDiscordClient(config: DiscordConfig): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: config.apiUrl ? { api: config.apiUrl } : {},
    allowedMentions: { parse: [] },
  });
}
