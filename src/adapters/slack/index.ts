import { App, HTTPReceiver } from '@slack/bolt';
import { OverturnError } from '../../core/errors.js';
import { errorName, InFlight, OrderedQueue, type AdapterContext, type RunningAdapter } from '../kit/index.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackConfig } from './config.js';
import { DmDelivery } from './delivery.js';
import { UserLocales } from './locale.js';
import { registerListeners } from './listeners.js';
import { slackReminders } from './reminders.js';

/** Where Slack sends events, clicks and slash commands (the manifest's request URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface RunningSlack extends RunningAdapter {
  /** Resolves when every turn started so far has been sent to Slack (tests, shutdown). */
  settled(): Promise<void>;
}

/**
 * Starts the Slack app: over HTTP on the shared server (`POST /slack/events`),
 * or over Socket Mode when an app-level token is configured.
 */
export async function startSlack(config: SlackConfig, ctx: AdapterContext): Promise<RunningSlack> {
  const logger = boltLogger(ctx.logger);
  const clientOptions = config.apiUrl ? { slackApiUrl: config.apiUrl } : {};
  const tasks = new InFlight();
  const delivery = new DmDelivery();
  const locales = new UserLocales(ctx.logger);

  const receiver = config.appToken ? undefined : httpReceiver(config, logger);
  const app = new App({
    token: config.botToken,
    logger,
    clientOptions,
    // Conversation state lives in the session store; Bolt's in-memory store would only grow.
    convoStore: false,
    // auth.test runs in init() below, so a bad token fails at start-up rather than on the first message.
    deferInitialization: true,
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.appToken, installerOptions: { clientOptions } }),
  });
  const turns = new OrderedQueue();
  registerListeners(app, {
    bot: ctx.bot,
    delivery,
    locales,
    tasks,
    turns,
    logger: ctx.logger,
    ...(config.handoffChannel ? { handoffChannel: config.handoffChannel } : {}),
    ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
  });
  if (config.handoffChannel) ctx.bot.handoffFrom('slack');
  ctx.bot.reminders.deliverVia('slack', slackReminders(app.client, delivery, turns));

  try {
    await app.init();
  } catch (error) {
    // Slack answered and refused the token: a setting to fix. Anything else (unreachable) the server retries.
    if (error instanceof Error && 'code' in error && error.code === 'slack_webapi_platform_error') {
      throw new OverturnError('config_invalid', `Slack did not accept SLACK_BOT_TOKEN (${errorName(error)})`, {
        cause: error,
      });
    }
    throw new OverturnError('platform_error', `Slack could not be reached (${errorName(error)})`, { cause: error });
  }

  if (receiver) {
    let accepting = true;
    // Bolt's receiver verifies Slack's signature on the raw Node request, so this one route stays Node-shaped.
    ctx.routes.addNode('POST', SLACK_EVENTS_PATH, (req, res) => {
      if (!accepting) {
        // Slack retries a 503 later, by which time another instance or a restart answers.
        res.writeHead(503).end();
        return;
      }
      receiver.requestListener(req, res);
    });
    ctx.logger.info({ mode: 'http', path: SLACK_EVENTS_PATH }, 'slack adapter started');
    return {
      name: 'slack',
      settled: () => tasks.idle(),
      stop: async () => {
        accepting = false;
        await tasks.idle();
      },
    };
  }

  await app.start();
  ctx.logger.info({ mode: 'socket' }, 'slack adapter started');
  return {
    name: 'slack',
    settled: () => tasks.idle(),
    stop: async () => {
      await app.stop();
      await tasks.idle();
    },
  };
}

function httpReceiver(config: SlackConfig, logger: ReturnType<typeof boltLogger>): HTTPReceiver {
  if (!config.signingSecret) {
    throw new OverturnError('config_invalid', 'SLACK_SIGNING_SECRET is missing (needed to verify requests from Slack)');
  }
  // Not started: its request listener is mounted on the shared server instead of a port of its own.
  return new HTTPReceiver({
    signingSecret: config.signingSecret,
    endpoints: [SLACK_EVENTS_PATH],
    logger,
    processBeforeResponse: false,
  });
}
