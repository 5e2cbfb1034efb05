import { CloudAdapter } from 'botbuilder';
import type { AdapterContext, RunningAdapter } from '../types.js';
import { botFrameworkAuthentication, type AuthOptions } from './auth.js';
import type { TeamsConfig } from './config.js';
import { readActivityRequest, responseShim, sendPlain } from './http.js';
import { PendingLetters } from './pending-letters.js';
import { textMessage } from './render.js';
import { errorName, teamsTurnHandler } from './turn.js';

export type { TeamsConfig } from './config.js';
export type { BotFrameworkEndpoints } from './auth.js';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsStartOptions extends AuthOptions {
  /** How long a letter waits for the user to accept the FileConsentCard. */
  letterTtlSeconds?: number;
  /** Origins besides SharePoint's that may serve a file a user sends (tests). */
  fileOrigins?: string[];
}

/**
 * Starts the Microsoft Teams adapter: a Bot Framework `CloudAdapter` behind
 * `POST /api/messages` on the shared HTTP server. With an app id, requests
 * without a valid Bot Connector token are refused with 401.
 */
export async function startTeams(
  config: TeamsConfig,
  ctx: AdapterContext,
  options: TeamsStartOptions = {},
): Promise<RunningAdapter> {
  const { bot, logger } = ctx;
  const adapter = new CloudAdapter(botFrameworkAuthentication(config, options));
  const letters = new PendingLetters(options.letterTtlSeconds);
  bot.onForget((conversation) => letters.forget(conversation));

  adapter.onTurnError = async (context, error) => {
    logger.error(
      { code: 'platform_error', platform: 'teams', activity: context.activity.type, err: errorName(error) },
      'teams turn failed',
    );
    try {
      await context.sendActivity(textMessage(bot.t('teams.turnFailed')));
    } catch (sendError) {
      logger.warn(
        { code: 'platform_error', platform: 'teams', err: errorName(sendError) },
        'could not tell the user about the failure',
      );
    }
  };

  const onTurn = teamsTurnHandler({
    bot,
    logger,
    letters,
    appId: config.appId,
    ...(options.fileOrigins ? { fileOrigins: options.fileOrigins } : {}),
  });
  let stopping = false;
  ctx.routes.add('POST', TEAMS_MESSAGES_PATH, async (req, res) => {
    if (stopping) return sendPlain(res, 503, 'stopping');
    const read = await readActivityRequest(req);
    if (!read.ok) return sendPlain(res, read.status, read.message);
    await adapter.process(read.request, responseShim(res), onTurn);
  });

  logger.info(
    { platform: 'teams', authenticated: config.appId !== null, path: TEAMS_MESSAGES_PATH },
    'teams adapter ready',
  );
  return {
    name: 'teams',
    stop: async () => {
      stopping = true;
      letters.clear();
    },
  };
}
