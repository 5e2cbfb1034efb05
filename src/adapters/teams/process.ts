import type { ServerResponse } from 'node:http';
import { CloudAdapter, type Activity, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from '../../core/log.js';
import { sendPlain, type BotRequest } from './http.js';
import type { RejectionLog } from './rejections.js';
import type { TokenScreen } from './token-screen.js';
import { errorName } from './turn.js';

/** CloudAdapter with its turn runner opened up: we authenticate first, so a refusal is ours to word. */
export class CheckedCloudAdapter extends CloudAdapter {
  runTurn(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic);
  }
}

export interface ProcessDeps {
  adapter: CheckedCloudAdapter;
  auth: BotFrameworkAuthentication;
  logger: Logger;
  rejections: RejectionLog;
  /** With an app id: tokens are screened before the SDK sees them. */
  screen: TokenScreen | null;
}

/** As the SDK reads an activity: a type is required, and timestamps become dates. */
function toActivity(body: Record<string, unknown>): Activity | null {
  const activity = { ...body };
  if (!hasType(activity)) return null;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = body[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity;
}

function hasType(value: Record<string, unknown>): value is Activity & Record<string, unknown> {
  return typeof value.type === 'string';
}

function header(request: BotRequest): string {
  const value = request.headers.authorization;
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/**
 * Authenticates the request, then runs the turn. A token that is forged,
 * expired or cannot be checked (the signing keys could not be fetched) gets 401
 * with a fixed body: never 500, never an internal error's text. Each refusal
 * is one log line, rate-limited.
 */
export async function processTeamsRequest(
  deps: ProcessDeps,
  request: BotRequest,
  res: ServerResponse,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const activity = toActivity(request.body);
  if (!activity) return sendPlain(res, 400, 'not an activity');
  const refused = await deps.screen?.reject(header(request));
  if (refused) {
    deps.rejections.rejected(401, refused);
    return sendPlain(res, 401, 'Unauthorized');
  }
  let auth: AuthenticateRequestResult;
  try {
    auth = await deps.auth.authenticateRequest(activity, header(request));
  } catch (error) {
    deps.rejections.rejected(401, errorName(error));
    return sendPlain(res, 401, 'Unauthorized');
  }
  let invoke: Awaited<ReturnType<CheckedCloudAdapter['runTurn']>>;
  try {
    invoke = await deps.adapter.runTurn(auth, activity, logic);
  } catch (error) {
    deps.logger.error({ code: 'platform_error', platform: 'teams', err: errorName(error) }, 'teams request failed');
    return sendPlain(res, 500, 'Internal error');
  }
  if (invoke?.body === undefined || invoke.body === null) {
    res.writeHead(invoke?.status ?? 200).end();
    return;
  }
  const payload = JSON.stringify(invoke.body);
  res.writeHead(invoke.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}
