import { createHmac } from 'node:crypto';

/** The requests a platform sends for one typed message, shared by the HTTP benchmarks. */
export interface PlatformRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

export const BENCH_SIGNING_SECRET = 'bench-signing-secret';

/** A signed Slack `event_callback` for a DM (HMAC-SHA256 of this body, a fresh event id). */
export function slackMessage(user: string, step: number, text: string): PlatformRequest {
  const now = Date.now();
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'TBENCH',
    api_app_id: 'ABENCH',
    type: 'event_callback',
    event_id: `Ev${user}-${step}`,
    event_time: Math.floor(now / 1000),
    authorizations: [{ team_id: 'TBENCH', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event: {
      type: 'message',
      channel_type: 'im',
      channel: `D${user}`,
      user,
      text,
      ts: `${now / 1000}`,
      event_ts: `${now / 1000}`,
    },
  });
  const timestamp = Math.floor(now / 1000);
  const signature = `v0=${createHmac('sha256', BENCH_SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    path: '/slack/events',
    body,
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
  };
}

/** A Teams personal-chat message activity, its replies going to the fake connector at `serviceUrl`. */
export function teamsMessage(serviceUrl: string, user: string, step: number, text: string): PlatformRequest {
  const body = JSON.stringify({
    type: 'message',
    id: `act-${user}-${step}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${user}`, name: 'Nurse', aadObjectId: `aad-${user}` },
    recipient: { id: '28:overturn-bot', name: 'Overturn' },
    conversation: { id: `a:${user}`, conversationType: 'personal', tenantId: 'tenant-bench', isGroup: false },
    channelData: { tenant: { id: 'tenant-bench' } },
    locale: 'en-US',
    text,
  });
  return { path: '/api/messages', body, headers: { 'content-type': 'application/json; charset=utf-8' } };
}
