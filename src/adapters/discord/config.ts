import { z } from 'zod';
import { parseEnv, presentEnv, type AdapterConfigResult } from '../kit/index.js';

/**
 * Discord settings from the environment. This file must not import discord.js:
 * the server reads it on every start-up and loads the adapter only when configured.
 */
export interface DiscordConfig {
  /** Bot token from the Developer Portal (Bot → Reset Token). */
  token: string;
  /** Application id (a snowflake); also the `space` of every Discord conversation key. */
  applicationId: string;
  /** REST API base URL for a proxy or a test fake, e.g. `http://127.0.0.1:8080/api`. */
  apiUrl?: string;
  /** Channel id (a snowflake) of the volunteers' private channel, where "talk to a person" posts a notice. */
  handoffChannel?: string;
}

const VARIABLES = ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_API_URL', 'DISCORD_HANDOFF_CHANNEL'] as const;

const discordEnv = z.object({
  DISCORD_TOKEN: z.string({
    error: 'DISCORD_TOKEN is missing (the bot token from the Developer Portal, Bot → Reset Token)',
  }),
  DISCORD_APPLICATION_ID: z
    .string({ error: 'DISCORD_APPLICATION_ID is missing (the Application ID on the General Information page)' })
    .regex(/^\d{17,20}$/, { error: 'DISCORD_APPLICATION_ID must be the numeric Application ID (17 to 20 digits)' }),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: 'DISCORD_API_URL must be an http(s) URL such as https://discord.com/api' })
    .optional(),
  DISCORD_HANDOFF_CHANNEL: z
    .string()
    .regex(/^\d{17,20}$/, {
      error:
        'DISCORD_HANDOFF_CHANNEL must be a channel id (17 to 20 digits; Developer Mode → right-click → Copy Channel ID)',
    })
    .optional(),
});

/** Reads the Discord settings; none set → not configured; some set but not enough → a config_invalid error naming what is missing. */
export function discordConfigFromEnv(env: NodeJS.ProcessEnv): AdapterConfigResult<DiscordConfig> {
  const present = presentEnv(env, VARIABLES);
  if (Object.keys(present).length === 0) {
    return { configured: false, reason: 'DISCORD_TOKEN and DISCORD_APPLICATION_ID are not set' };
  }
  const values = parseEnv(discordEnv, present, 'Discord is partly configured: ');
  return {
    configured: true,
    config: {
      token: values.DISCORD_TOKEN,
      applicationId: values.DISCORD_APPLICATION_ID,
      // The REST client appends `/v10/...` itself; a trailing slash would double it.
      ...(values.DISCORD_API_URL ? { apiUrl: values.DISCORD_API_URL.replace(/\/+$/, '') } : {}),
      ...(values.DISCORD_HANDOFF_CHANNEL ? { handoffChannel: values.DISCORD_HANDOFF_CHANNEL } : {}),
    },
  };
}
