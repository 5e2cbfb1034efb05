import type { HttpRoutes } from '../../../src/adapters/kit/index.js';
import { startSlack, type RunningSlack } from '../../../src/adapters/slack/index.js';
import { createBot, type Bot } from '../../../src/bot.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger, type Logger } from '../../../src/core/log.js';
import { createHttpServer } from '../../../src/server/http.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { FakeSlackSender, type SlackUser } from '../../fakes/slack-sender.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const PATIENT: SlackUser = { teamId: 'T1', userId: 'U1' };
export const DM = `D${PATIENT.userId}`;
export const CHANNEL = 'C1';

/** The shared HTTP server, as the server assembles it, on a loopback port. */
async function startSharedServer(): Promise<{ routes: HttpRoutes; url: string; close(): Promise<void> }> {
  const http = createHttpServer(silentLogger);
  const port = await http.listen(0, '127.0.0.1');
  return { routes: http.routes, url: `http://127.0.0.1:${port}`, close: () => http.close(0) };
}

export interface Harness {
  api: FakeSlackApi;
  bot: Bot;
  slack: RunningSlack;
  sender: FakeSlackSender;
  close(): Promise<void>;
}

/** The real Bolt app on a shared loopback server, talking to a fake Slack Web API. */
export async function startHarness(
  options: { bot?: Bot; logger?: Logger; handoffChannel?: string } = {},
): Promise<Harness> {
  const api = await FakeSlackApi.start();
  const shared = await startSharedServer();
  const bot = options.bot ?? createBot({ clock: fixedClock('2026-04-01') });
  const slack = await startSlack(
    {
      botToken: 'xoxb-test',
      signingSecret: SIGNING_SECRET,
      apiUrl: api.apiUrl,
      ...(options.handoffChannel ? { handoffChannel: options.handoffChannel } : {}),
    },
    { bot, logger: options.logger ?? silentLogger, routes: shared.routes },
  );
  const sender = new FakeSlackSender(`${shared.url}/slack/events`, SIGNING_SECRET);
  return {
    api,
    bot,
    slack,
    sender,
    close: async () => {
      await slack.stop();
      await shared.close();
      await api.close();
    },
  };
}
