import { CloudAdapter, StatusCodes, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { errorName } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { BodyError, readJson, text, type OrderedQueue } from '../kit/index.js';

/** Activities are small JSON documents; anything larger is not from the Bot Connector. */
export const MAX_ACTIVITY_BYTES = 512 * 1024;

/** The fields every activity from the Bot Connector has, and the SDK relies on. */
function isActivity(value: unknown): value is Activity {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const fields: Record<string, unknown> = { ...value };
  return typeof fields.type === 'string' && fields.type.length > 0;
}

export interface ActivityRouting {
  logger: Logger;
  /** One conversation's activities are processed one after the other, in the order they arrived. */
  turns: OrderedQueue;
  /** The conversation an activity belongs to. */
  conversationOf: (activity: Activity) => string;
  logic: (context: TurnContext) => Promise<void>;
}

/**
 * The Bot Framework's `CloudAdapter`, answering a web-standard `Request`
 * (the SDK's own `process` wants Express's request and response objects).
 * Authentication, the turn and the invoke response are the SDK's.
 */
export class ActivityAdapter extends CloudAdapter {
  async respond(request: Request, routing: ActivityRouting): Promise<Response> {
    const { logger, logic } = routing;
    let body: unknown;
    try {
      body = await readJson(request, MAX_ACTIVITY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      return text(error.status, error.status === 413 ? 'activity too large' : 'body is not JSON');
    }
    if (!isActivity(body)) return text(StatusCodes.BAD_REQUEST, 'body is not an activity');
    const activity = body;
    try {
      // The place in the conversation's queue is taken on arrival: a later activity cannot overtake this one
      // while its token is checked, and each turn's replies are sent before the next turn starts.
      const invoke = await routing.turns.run(routing.conversationOf(activity), () =>
        this.processActivity(request.headers.get('authorization') ?? '', activity, logic),
      );
      const status = invoke?.status ?? StatusCodes.OK;
      return invoke?.body === undefined ? new Response(null, { status }) : Response.json(invoke.body, { status });
    } catch (error) {
      if (error instanceof AuthenticationError) return text(StatusCodes.UNAUTHORIZED, 'unauthorized');
      logger.error({ code: 'platform_error', platform: 'teams', err: errorName(error) }, 'teams activity failed');
      return text(StatusCodes.INTERNAL_SERVER_ERROR, 'internal error');
    }
  }
}
