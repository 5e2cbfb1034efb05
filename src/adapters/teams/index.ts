import { resolveLocale, translator } from '../../core/i18n.js';
import { errorName, OrderedQueue, text, type AdapterContext, type RunningAdapter } from '../kit/index.js';
import { ActivityAdapter } from './activity-adapter.js';
import { botFrameworkAuthentication, type AuthOptions } from './auth.js';
import type { TeamsConfig } from './config.js';
import { teamsReminders } from './reminders.js';
import { textMessage } from './render.js';
import { teamsConversationKey } from './parse.js';
import { RejectionLog } from './rejections.js';
import { TokenScreen } from './token-screen.js';
import { teamsTurnHandler } from './turn.js';

export type { TeamsConfig } from './config.js';
export type { BotFrameworkEndpoints } from './auth.js';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsStartOptions extends AuthOptions {
  /** Origins besides SharePoint's that may serve a file a user sends (tests). */
  fileOrigins?: string[];
}

export interface RunningTeams extends RunningAdapter {
  /** Resolves once every activity received has had its turn (a message is answered before its turn runs). */
  settled(): Promise<void>;
}

/**
 * Starts the Microsoft Teams adapter: a Bot Framework `CloudAdapter` behind
 * `POST /api/messages` on the shared HTTP server. With an app id, requests
 * without a valid Bot Connector token are refused with 401. A message is
 * answered 200 once its token is good, and its turn runs after, in its
 * conversation's order.
 */
export async function startTeams(
  config: TeamsConfig,
  ctx: AdapterContext,
  options: TeamsStartOptions = {},
): Promise<RunningTeams> {
  const { bot, logger } = ctx;
  const adapter = new ActivityAdapter(botFrameworkAuthentication(config, options));
  const rejections = new RejectionLog(logger);
  const screen = config.appId ? new TokenScreen(config.appId, options.endpoints) : null;

  adapter.onTurnError = async (context, error) => {
    logger.error(
      { code: 'platform_error', platform: 'teams', activity: context.activity.type, err: errorName(error) },
      'teams turn failed',
    );
    try {
      await context.sendActivity(textMessage(translator(resolveLocale(context.activity.locale))('teams.turnFailed')));
    } catch (sendError) {
      logger.warn(
        { code: 'platform_error', platform: 'teams', err: errorName(sendError) },
        'could not tell the user about the failure',
      );
    }
  };

  const turns = new OrderedQueue();
  const routing = {
    logger,
    turns,
    conversationOf: teamsConversationKey,
    logic: teamsTurnHandler({
      bot,
      logger,
      appId: config.appId,
      ...(options.fileOrigins ? { fileOrigins: options.fileOrigins } : {}),
    }),
    rejections,
    screen,
  };
  bot.reminders.deliverVia('teams', teamsReminders({ adapter, appId: config.appId, logger, turns }));
  let stopping = false;
  ctx.routes.add('POST', TEAMS_MESSAGES_PATH, (request) =>
    stopping ? text(503, 'stopping') : adapter.respond(request, routing),
  );

  logger.info(
    { platform: 'teams', authenticated: config.appId !== null, path: TEAMS_MESSAGES_PATH },
    'teams adapter ready',
  );
  return {
    name: 'teams',
    settled: () => turns.idle(),
    stop: async () => {
      stopping = true;
      await turns.idle();
    },
  };
}
