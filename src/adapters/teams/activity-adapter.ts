import { ActivityTypes, CloudAdapter, DeliveryModes, StatusCodes, type Activity, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
import { errorName } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { BodyError, readJson, text, type OrderedQueue } from '../kit/index.js';
import type { RejectionLog } from './rejections.js';
import type { TokenScreen } from './token-screen.js';

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
  /** Each refused request is one log line, rate-limited. */
  rejections: RejectionLog;
  /** With an app id: tokens are checked before the SDK sees them. */
  screen: TokenScreen | null;
}

/**
 * Whether the HTTP answer may come before the turn: not for an invoke, whose response carries the
 * turn's answer (a card's refresh, a file consent's status), nor when the channel asked for the
 * replies in the response body (`expectReplies`).
 */
function answersFirst(activity: Activity): boolean {
  return activity.type !== ActivityTypes.Invoke && activity.deliveryMode !== DeliveryModes.ExpectReplies;
}

function failed(logger: Logger, error: unknown): void {
  logger.error({ code: 'platform_error', platform: 'teams', err: errorName(error) }, 'teams activity failed');
}

/**
 * The Bot Framework's `CloudAdapter`, answering a web-standard `Request`
 * (the SDK's own `process` wants Express's request and response objects).
 * The request is authenticated first, apart from the turn: a token that is
 * forged, expired or cannot be checked (the signing keys could not be
 * fetched) gets 401 with a fixed body, never 500 and never an internal error's
 * text. A message is answered 200 as soon as its token is good, before its
 * turn; an invoke is answered with the SDK's invoke response, after its turn.
 */
export class ActivityAdapter extends CloudAdapter {
  constructor(private readonly authentication: BotFrameworkAuthentication) {
    super(authentication);
  }

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
    // The place in the conversation's queue is taken on arrival, and the token checked meanwhile: a later
    // activity cannot overtake this one while its token is checked, and each turn's replies are sent before
    // the next turn starts.
    const auth = this.authenticate(request.headers.get('authorization') ?? '', activity, routing);
    const turn = routing.turns.run(routing.conversationOf(activity), async () => {
      const identity = await auth;
      return identity ? { invoke: await this.processActivity(identity, activity, logic) } : null;
    });
    if (answersFirst(activity)) {
      // Like Slack's ack: Teams hears "received" once the token is good, and the turn (a letter being built,
      // a slow store) runs after; its replies reach the user through the Bot Connector either way.
      turn.catch((error: unknown) => failed(logger, error));
      let identity: AuthenticateRequestResult | null;
      try {
        identity = await auth;
      } catch {
        return text(StatusCodes.INTERNAL_SERVER_ERROR, 'internal error');
      }
      return identity ? new Response(null, { status: StatusCodes.OK }) : text(StatusCodes.UNAUTHORIZED, 'unauthorized');
    }
    try {
      const answered = await turn;
      if (!answered) return text(StatusCodes.UNAUTHORIZED, 'unauthorized');
      const { invoke } = answered;
      const status = invoke?.status ?? StatusCodes.OK;
      return invoke?.body === undefined ? new Response(null, { status }) : Response.json(invoke.body, { status });
    } catch (error) {
      failed(logger, error);
      return text(StatusCodes.INTERNAL_SERVER_ERROR, 'internal error');
    }
  }

  /** The caller's identity, or null (logged once, rate-limited) when the request is refused. */
  private async authenticate(
    header: string,
    activity: Activity,
    routing: ActivityRouting,
  ): Promise<AuthenticateRequestResult | null> {
    const screened = await routing.screen?.reject(header);
    if (screened) {
      routing.rejections.rejected(StatusCodes.UNAUTHORIZED, screened);
      return null;
    }
    try {
      return await this.authentication.authenticateRequest(activity, header);
    } catch (error) {
      routing.rejections.rejected(StatusCodes.UNAUTHORIZED, errorName(error));
      return null;
    }
  }
}
