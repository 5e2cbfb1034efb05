import { discordConfigFromEnv } from '../adapters/discord/config.js';
import { slackConfigFromEnv } from '../adapters/slack/config.js';
import { teamsConfigFromEnv } from '../adapters/teams/config.js';
import { webConfigFromEnv } from '../adapters/web/config.js';
import { definePlatform, type Platform } from './platform.js';

/** Every platform the server can run; each adapter module is imported only when its platform is configured. */
export const platforms: Platform[] = [
  definePlatform({
    name: 'web',
    readConfig: webConfigFromEnv,
    start: async (config, ctx) => (await import('../adapters/web/index.js')).startWeb(config, ctx),
    activeLine: (baseUrl) => `web: active, open ${baseUrl} in a browser`,
    startsLocally: true,
  }),
  definePlatform({
    name: 'slack',
    readConfig: slackConfigFromEnv,
    start: async (config, ctx) => (await import('../adapters/slack/index.js')).startSlack(config, ctx),
  }),
  definePlatform({
    name: 'discord',
    readConfig: discordConfigFromEnv,
    start: async (config, ctx) => (await import('../adapters/discord/index.js')).startDiscord(config, ctx),
  }),
  definePlatform({
    name: 'teams',
    readConfig: teamsConfigFromEnv,
    start: async (config, ctx) => (await import('../adapters/teams/index.js')).startTeams(config, ctx),
    startsLocally: true,
  }),
];
