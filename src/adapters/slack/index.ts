import { App, HTTPReceiver } from '@slack/bolt';
import { OverturnError } from '../../core/errors.js';
import type { AdapterContext, RunningAdapter } from '../types.js';
import { boltLogger, errorName } from './bolt-logger.js';
import type { SlackConfig } from './config.js';
import { DmDelivery } from './delivery.js';
import { registerListeners } from './listeners.js';
import { BackgroundTasks } from './tasks.js';

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
  const tasks = new BackgroundTasks();
  const delivery = new DmDelivery(ctx.bot.t);

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
  registerListeners(app, { bot: ctx.bot, delivery, tasks, logger: ctx.logger, apiUrl: config.apiUrl });

  try {
    await app.init();
  } catch (error) {
    throw new OverturnError('config_invalid', `Slack did not accept SLACK_BOT_TOKEN (${errorName(error)})`, {
      cause: error,
    });
  }

  if (receiver) {
    let accepting = true;
    ctx.routes.add('POST', SLACK_EVENTS_PATH, (req, res) => {
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
      settled: () => tasks.settled(),
      stop: async () => {
        accepting = false;
        await tasks.settled();
      },
    };
  }

  await app.start();
  ctx.logger.info({ mode: 'socket' }, 'slack adapter started');
  return {
    name: 'slack',
    settled: () => tasks.settled(),
    stop: async () => {
      await app.stop();
      await tasks.settled();
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
