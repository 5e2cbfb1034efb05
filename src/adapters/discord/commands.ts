import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  REST,
  Routes,
  type RESTPutAPIApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsResult,
} from 'discord.js';
import type { Translator } from '../../core/i18n.js';
import type { DiscordConfig } from './config.js';

export const APPEAL_COMMAND = 'appeal';

/** The slash commands, usable in servers and in the bot's DM. */
export function commandDefinitions(t: Translator): RESTPutAPIApplicationCommandsJSONBody {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: APPEAL_COMMAND,
      description: t('discord.commandDescription').slice(0, 100),
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    },
  ];
}

/** Replaces the application's global commands with ours (idempotent; safe to run on every deploy). */
export async function registerCommands(
  config: DiscordConfig,
  t: Translator,
): Promise<RESTPutAPIApplicationCommandsResult> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const result = await rest.put(Routes.applicationCommands(config.applicationId), { body: commandDefinitions(t) });
  return result as RESTPutAPIApplicationCommandsResult;
}
