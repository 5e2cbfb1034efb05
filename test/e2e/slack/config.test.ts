import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { load as parse } from 'js-yaml';
import { slackConfigFromEnv } from '../../../src/adapters/slack/config.js';
import { SLACK_EVENTS_PATH } from '../../../src/adapters/slack/index.js';
import { SLASH_COMMAND } from '../../../src/adapters/slack/listeners.js';
import { isOverturnError } from '../../../src/core/errors.js';

function configError(env: NodeJS.ProcessEnv): string {
  try {
    slackConfigFromEnv(env);
  } catch (error) {
    if (isOverturnError(error, 'config_invalid')) return error.message;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('Slack configuration', () => {
  it('is off when nothing is set, and names what is missing when it is partly set', () => {
    expect(slackConfigFromEnv({ PORT: '3978' }).configured).toBe(false);
    expect(slackConfigFromEnv({ SLACK_BOT_TOKEN: '  ' }).configured).toBe(false);
    expect(configError({ SLACK_BOT_TOKEN: 'xoxb-1' })).toMatch(/SLACK_SIGNING_SECRET is missing/);
    expect(configError({ SLACK_SIGNING_SECRET: 'secret' })).toMatch(/SLACK_BOT_TOKEN is missing/);
    expect(configError({ SLACK_APP_TOKEN: 'xapp-1' })).toMatch(/SLACK_BOT_TOKEN is missing/);
    expect(configError({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_SIGNING_SECRET: 'secret' })).toMatch(
      /SLACK_BOT_TOKEN must be a bot token/,
    );
    expect(
      configError({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: 'slack-gov.com' }),
    ).toMatch(/SLACK_API_URL/);
  });

  it('reads the hand-off channel by id, and refuses a channel name', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };
    expect(slackConfigFromEnv({ ...base, SLACK_HANDOFF_CHANNEL: 'C0123ABCD' })).toEqual({
      configured: true,
      config: { botToken: 'xoxb-1', signingSecret: 'secret', handoffChannel: 'C0123ABCD' },
    });
    expect(configError({ ...base, SLACK_HANDOFF_CHANNEL: '#volunteers' })).toMatch(
      /SLACK_HANDOFF_CHANNEL must be a channel id/,
    );
  });

  it('reads HTTP mode, Socket Mode and a custom Web API address', () => {
    expect(slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' })).toEqual({
      configured: true,
      config: { botToken: 'xoxb-1', signingSecret: 'secret' },
    });
    expect(
      slackConfigFromEnv({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_APP_TOKEN: 'xapp-1',
        SLACK_API_URL: 'https://slack-gov.com/api',
      }),
    ).toEqual({
      configured: true,
      config: { botToken: 'xoxb-1', appToken: 'xapp-1', apiUrl: 'https://slack-gov.com/api/' },
    });
  });

  it('reads the settings without loading the Slack SDK', () => {
    const script = [
      "import('./src/adapters/slack/config.ts').then(() => {",
      "  const loaded = Object.keys(require.cache).filter((k) => k.includes('@slack'));",
      '  process.stdout.write(JSON.stringify(loaded));',
      '});',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: process.cwd(),
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual([]);
  });
});

describe('Slack app manifest', () => {
  const manifest = parse(readFileSync('manifests/slack.yaml', 'utf8')) as {
    features: {
      slash_commands: Array<{ command: string; url: string }>;
      app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    };
    oauth_config: { scopes: { bot: string[] } };
    settings: {
      event_subscriptions: { request_url: string; bot_events: string[] };
      interactivity: { is_enabled: boolean; request_url: string };
    };
  };

  it('declares exactly the scopes and events the adapter uses, all sent to the one events path', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'app_mentions:read',
      'chat:write',
      'commands',
      'files:read',
      'files:write',
      'im:history',
      'im:write',
      'users:read',
    ]);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'message.im',
    ]);
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    for (const url of [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c) => c.url),
    ]) {
      expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    }
  });
});
