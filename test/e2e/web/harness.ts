import { webConfigFromEnv } from '../../../src/adapters/web/config.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger, type Logger } from '../../../src/core/log.js';
import { MemorySessionStore, type SessionStore } from '../../../src/core/session-store.js';
import type { QuestionReply } from '../../../src/core/types.js';
import type { WebReply } from '../../../src/adapters/web/messages.js';
import { startApp, type RunningApp } from '../../../src/server/app.js';
import { serverConfigFromEnv } from '../../../src/server/config.js';
import { definePlatform, planPlatforms } from '../../../src/server/platform.js';
import { startWeb } from '../../../src/adapters/web/index.js';

/** The server as `npm start` assembles it, with only the web chat, on a loopback port, on a fixed day. */
export async function startWebApp(
  env: NodeJS.ProcessEnv = {},
  logger: Logger = silentLogger,
  store: SessionStore = new MemorySessionStore(),
): Promise<RunningApp> {
  const web = definePlatform({ name: 'web', readConfig: webConfigFromEnv, start: startWeb });
  return startApp({
    server: serverConfigFromEnv({ PORT: '0', ...env }),
    platforms: planPlatforms([web], env),
    store,
    logger,
    clock: fixedClock('2026-04-01'),
  });
}

export interface Answer {
  status: number;
  headers: Headers;
  body: { replies?: WebReply[]; forgotten?: boolean; error?: string; message?: string };
}

/** A browser-like client of the JSON API: it keeps the session cookie as a browser would. */
export class WebClient {
  cookie: string | null = null;

  constructor(readonly baseUrl: string) {}

  async post(body: unknown, init: { headers?: Record<string, string>; raw?: string } = {}): Promise<Answer> {
    const response = await fetch(new URL('api/web/messages', this.baseUrl), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(this.cookie ? { Cookie: this.cookie } : {}),
        ...init.headers,
      },
      body: init.raw ?? JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0] ?? '';
      this.cookie = /Max-Age=0/i.test(setCookie) ? null : pair;
    }
    return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
  }

  async send(input: unknown): Promise<WebReply[]> {
    const answer = await this.post({ input });
    if (answer.status !== 200 || !answer.body.replies)
      throw new Error(`unexpected ${answer.status} ${answer.body.error ?? ''}`);
    return answer.body.replies;
  }

  get(path: string): Promise<Response> {
    return fetch(new URL(path, this.baseUrl), { headers: this.cookie ? { Cookie: this.cookie } : {} });
  }
}

export function lastQuestion(replies: WebReply[]): QuestionReply {
  const question = [...replies].reverse().find((r): r is QuestionReply => r.kind === 'question');
  if (!question) throw new Error(`no question in replies: ${replies.map((r) => r.kind).join(', ')}`);
  return question;
}

/** The choice id whose label matches, read from the question rather than hard-coded. */
export function choiceId(question: QuestionReply, label: RegExp): string {
  if (question.input.type !== 'choices') throw new Error(`question ${question.step} has no choices`);
  const choice = question.input.choices.find((c) => label.test(c.label) || label.test(c.id));
  if (!choice) throw new Error(`no choice matching ${label} in ${question.step}`);
  return choice.id;
}
