import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  REST,
  Routes,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';
import type { Translator } from '../../core/i18n.js';
import type { DiscordConfig } from './config.js';

export const APPEAL_COMMAND = 'appeal';
/** `/appeal letter:<file>`: the denial letter, read at once (optional: most people start without it). */
export const LETTER_OPTION = 'letter';

/** The slash commands, usable in servers and in the bot's DM. */
export function commandDefinitions(t: Translator): RESTPutAPIApplicationCommandsJSONBody {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: APPEAL_COMMAND,
      description: t('discord.commandDescription').slice(0, 100),
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      options: [
        {
          type: ApplicationCommandOptionType.Attachment,
          name: LETTER_OPTION,
          description: t('discord.letterOptionDescription').slice(0, 100),
          required: false,
        },
      ],
    },
  ];
}

/** Replaces the application's global commands with ours (idempotent; safe to run on every deploy). */
export async function registerCommands(config: DiscordConfig, t: Translator): Promise<RegisteredCommand[]> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const result = await rest.put(Routes.applicationCommands(config.applicationId), { body: commandDefinitions(t) });
  return registeredCommands.parse(result);
}

/** What Discord answers for each command it registered (the part this tool reports). */
const registeredCommands = z.array(z.looseObject({ id: z.string(), name: z.string() }));
export type RegisteredCommand = z.infer<typeof registeredCommands>[number];
