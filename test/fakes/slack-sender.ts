import { createHmac } from 'node:crypto';

export interface SignOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Overrides the computed signature (to send a bad one). */
  signature?: string;
  /** Sets `X-Slack-Retry-Num` as Slack does when it redelivers an event. */
  retryNum?: number;
}

export interface SlackUser {
  teamId: string;
  userId: string;
}

/**
 * Sends requests the way Slack does: signed with the signing secret
 * (`v0=` HMAC-SHA256 of `v0:{timestamp}:{body}`), events as JSON envelopes,
 * clicks as `payload=` form posts, slash commands as form posts.
 */
export class FakeSlackSender {
  private nextEvent = 1;
  private nextTrigger = 1;

  constructor(
    readonly url: string,
    private readonly signingSecret: string,
  ) {}

  sign(body: string, timestamp: number): string {
    return `v0=${createHmac('sha256', this.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  }

  async post(body: string, contentType: string, options: SignOptions = {}): Promise<Response> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? this.sign(body, timestamp),
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    return fetch(this.url, { method: 'POST', headers, body });
  }

  /** An Events API `event_callback`; returns the event_id used so a test can redeliver it. */
  eventEnvelope(
    user: SlackUser,
    event: Record<string, unknown>,
    eventId = `Ev${this.nextEvent++}`,
  ): { eventId: string; body: string } {
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: user.teamId,
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: user.teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
      event: { event_ts: `${Date.now() / 1000}`, ...event },
    });
    return { eventId, body };
  }

  async event(
    user: SlackUser,
    event: Record<string, unknown>,
    options: SignOptions & { eventId?: string } = {},
  ): Promise<Response> {
    const { body } = this.eventEnvelope(user, event, options.eventId);
    return this.post(body, 'application/json', options);
  }

  /** A direct message typed by the user. */
  dm(user: SlackUser, text: string, options: SignOptions & { eventId?: string } = {}): Promise<Response> {
    return this.event(
      user,
      {
        type: 'message',
        channel_type: 'im',
        channel: `D${user.userId}`,
        user: user.userId,
        text,
        ts: `${Date.now() / 1000}`,
      },
      options,
    );
  }

  /** A file the user shared in the DM (what Slack sends: a message with subtype file_share and the file object). */
  fileShare(user: SlackUser, file: Record<string, unknown>, options: SignOptions & { eventId?: string } = {}) {
    return this.event(
      user,
      {
        type: 'message',
        subtype: 'file_share',
        channel_type: 'im',
        channel: `D${user.userId}`,
        user: user.userId,
        text: '',
        files: [file],
        upload: true,
        display_as_bot: false,
        ts: `${Date.now() / 1000}`,
      },
      options,
    );
  }

  async command(
    user: SlackUser,
    command: string,
    channelId: string,
    responseUrl: string,
    options: SignOptions = {},
  ): Promise<Response> {
    const body = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: user.teamId,
      team_domain: 'test',
      channel_id: channelId,
      channel_name: channelId.startsWith('D') ? 'directmessage' : 'general',
      user_id: user.userId,
      user_name: 'patient',
      command,
      text: '',
      api_app_id: 'A1',
      response_url: responseUrl,
      trigger_id: `trigger-${this.nextTrigger++}`,
    }).toString();
    return this.post(body, 'application/x-www-form-urlencoded', options);
  }

  /**
   * A `block_actions` click on an element of a message in `channelId` (or of the App Home when absent).
   * `message` is the clicked message as Slack includes it (its ts and blocks).
   */
  async action(
    user: SlackUser,
    action: Record<string, unknown>,
    channelId?: string,
    options: SignOptions & { message?: { ts: string; blocks: unknown[] } } = {},
  ): Promise<Response> {
    const payload = {
      type: 'block_actions',
      team: { id: user.teamId, domain: 'test' },
      user: { id: user.userId, username: 'patient', team_id: user.teamId },
      api_app_id: 'A1',
      token: 'legacy-verification-token',
      trigger_id: `trigger-${this.nextTrigger++}`,
      ...(channelId
        ? {
            container: { type: 'message', channel_id: channelId },
            channel: { id: channelId, name: 'directmessage' },
            message: { type: 'message', ts: '1.000100', ...options.message },
          }
        : { container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home' } }),
      actions: [{ action_ts: `${Date.now() / 1000}`, ...action }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(body, 'application/x-www-form-urlencoded', options);
  }

  /**
   * The user presses the modal's submit button: a `view_submission` with the
   * view the app opened and what was typed or picked, by block and action id.
   */
  async viewSubmission(
    user: SlackUser,
    view: Record<string, any>,
    values: Record<string, Record<string, Record<string, unknown>>>,
    options: SignOptions = {},
  ): Promise<Response> {
    const payload = {
      type: 'view_submission',
      team: { id: user.teamId, domain: 'test' },
      user: { id: user.userId, username: 'patient', team_id: user.teamId },
      api_app_id: 'A1',
      token: 'legacy-verification-token',
      trigger_id: `trigger-${this.nextTrigger++}`,
      view: { ...view, state: { values } },
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(body, 'application/x-www-form-urlencoded', options);
  }
}
