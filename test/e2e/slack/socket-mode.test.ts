import { afterEach, expect, it } from 'vitest';
import { startSlack, type RunningSlack } from '../../../src/adapters/slack/index.js';
import { createBot } from '../../../src/bot.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/log.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { FakeSlackSender } from '../../fakes/slack-sender.js';
import { DM, PATIENT } from './harness.js';

let api: FakeSlackApi | undefined;
let slack: RunningSlack | undefined;
afterEach(async () => {
  // The client first, then the fake: the reverse order leaves a reconnect loop.
  await slack?.stop();
  await api?.close();
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

it('runs over Socket Mode when SLACK_APP_TOKEN is set: no HTTP route, envelopes acknowledged, a retry processed once', async () => {
  api = await FakeSlackApi.start();
  const routes: string[] = [];
  slack = await startSlack(
    { botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: api.apiUrl },
    {
      bot: createBot({ clock: fixedClock('2026-04-01') }),
      logger: silentLogger,
      routes: {
        add: (method, path) => void routes.push(`${method} ${path}`),
        addNode: (method, path) => void routes.push(`${method} ${path}`),
      },
    },
  );
  await api.socketConnected();
  expect(routes).toEqual([]);
  expect(api.callsTo('apps.connections.open')[0]?.token).toBe('xapp-test');

  const envelopes = new FakeSlackSender('http://127.0.0.1:9/unused', 'unused');
  const { body } = envelopes.eventEnvelope(
    PATIENT,
    { type: 'message', channel_type: 'im', channel: DM, user: PATIENT.userId, text: 'hello', ts: '1.000100' },
    'EvSocket',
  );
  const first = api.socketSend('events_api', JSON.parse(body) as Record<string, unknown>);
  await until(() => api!.socketAcks.includes(first));
  await slack.settled();
  const posted = api.callsTo('chat.postMessage').length;
  expect(posted).toBeGreaterThan(0);
  expect(api.callsTo('chat.postMessage').every((c) => c.params.channel === DM && c.token === 'xoxb-test')).toBe(true);

  const retry = api.socketSend('events_api', JSON.parse(body) as Record<string, unknown>, 1);
  await until(() => api!.socketAcks.includes(retry));
  await slack.settled();
  expect(api.callsTo('chat.postMessage')).toHaveLength(posted);
});
