import { z } from 'zod';
import { parseEnv, presentEnv, type AdapterConfigResult } from '../kit/index.js';

/**
 * Slack settings from the environment. This file must not import the Slack SDK:
 * the server reads it for every start-up and loads the adapter only when configured.
 */
export interface SlackConfig {
  /** Bot token (`xoxb-…`), used for every Web API call. */
  botToken: string;
  /** Verifies that HTTP requests come from Slack. Not used in Socket Mode. */
  signingSecret?: string;
  /** App-level token (`xapp-…`) with `connections:write`: switches to Socket Mode. */
  appToken?: string;
  /** Web API base URL (GovSlack, a proxy, or a test fake), e.g. `https://slack-gov.com/api/`. */
  apiUrl?: string;
  /** Channel id (`C…`) of the volunteers' private channel, where "talk to a person" posts a notice. */
  handoffChannel?: string;
}

const VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'SLACK_HANDOFF_CHANNEL',
] as const;

const slackEnv = z
  .object({
    SLACK_BOT_TOKEN: z
      .string({ error: 'SLACK_BOT_TOKEN is missing (the bot token, starting with xoxb-)' })
      .startsWith('xoxb-', { error: 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-' }),
    SLACK_SIGNING_SECRET: z.string().optional(),
    SLACK_APP_TOKEN: z
      .string()
      .startsWith('xapp-', { error: 'SLACK_APP_TOKEN must be an app-level token starting with xapp-' })
      .optional(),
    SLACK_API_URL: z
      .url({ protocol: /^https?$/, error: 'SLACK_API_URL must be an http(s) URL such as https://slack.com/api/' })
      .optional(),
    SLACK_HANDOFF_CHANNEL: z
      .string()
      .regex(/^[CG][A-Z0-9]{6,}$/, {
        error: 'SLACK_HANDOFF_CHANNEL must be a channel id such as C0123ABCD (channel details → About), not its name',
      })
      .optional(),
  })
  .refine((env) => env.SLACK_APP_TOKEN !== undefined || env.SLACK_SIGNING_SECRET !== undefined, {
    error:
      'SLACK_SIGNING_SECRET is missing (needed to verify requests from Slack unless SLACK_APP_TOKEN turns on Socket Mode)',
    path: ['SLACK_SIGNING_SECRET'],
    // Report every missing variable at once, even when another one is also wrong.
    when: () => true,
  });

/** Reads the Slack settings; none set → not configured; some set but not enough → a config_invalid error naming what is missing. */
export function slackConfigFromEnv(env: NodeJS.ProcessEnv): AdapterConfigResult<SlackConfig> {
  const present = presentEnv(env, VARIABLES);
  if (Object.keys(present).length === 0) {
    return { configured: false, reason: 'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set' };
  }
  const values = parseEnv(slackEnv, present, 'Slack is partly configured: ');
  return {
    configured: true,
    config: {
      botToken: values.SLACK_BOT_TOKEN,
      ...(values.SLACK_SIGNING_SECRET ? { signingSecret: values.SLACK_SIGNING_SECRET } : {}),
      ...(values.SLACK_APP_TOKEN ? { appToken: values.SLACK_APP_TOKEN } : {}),
      ...(values.SLACK_API_URL ? { apiUrl: withTrailingSlash(values.SLACK_API_URL) } : {}),
      ...(values.SLACK_HANDOFF_CHANNEL ? { handoffChannel: values.SLACK_HANDOFF_CHANNEL } : {}),
    },
  };
}

/** The Web API client appends method names to the base URL. */
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
