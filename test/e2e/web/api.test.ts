import { Writable } from 'node:stream';
import mammoth from 'mammoth';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebFileReply, WebReply } from '../../../src/adapters/web/messages.js';
import { MemorySessionStore } from '../../../src/core/session-store.js';
import type { RunningApp } from '../../../src/server/app.js';
import { choiceId, lastQuestion, startWebApp, WebClient } from './harness.js';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

async function start(env: NodeJS.ProcessEnv = {}, logger?: Parameters<typeof startWebApp>[1]): Promise<string> {
  app = await startWebApp(env, logger);
  return `http://127.0.0.1:${app.port}/`;
}

/** Answers the seed scenario the way the page does: buttons send choice ids, the date input a date, the rest is typed. */
async function seedScenario(client: WebClient): Promise<WebReply[]> {
  let replies = await client.send({ kind: 'start' });
  expect(lastQuestion(replies).step).toBe('voice');
  // Typing the insurer skips "who are you".
  replies = await client.send({ kind: 'text', text: 'cigna' });
  expect(lastQuestion(replies).step).toBe('drug');
  replies = await client.send({ kind: 'text', text: 'ocrevus' });
  for (const [step, label] of [
    ['reason', /^medical-necessity$/],
    ['plan', /^employer$/],
    ['stage', /^first$/],
  ] as const) {
    const question = lastQuestion(replies);
    expect(question.step).toBe(step);
    replies = await client.send({ kind: 'choice', step, choice: choiceId(question, label) });
  }
  const dateQuestion = lastQuestion(replies);
  expect(dateQuestion.input.type).toBe('date');
  replies = await client.send({ kind: 'date', step: dateQuestion.step, date: '2026-03-03' });
  const urgency = lastQuestion(replies);
  replies = await client.send({ kind: 'choice', step: urgency.step, choice: choiceId(urgency, /^no$/) });
  const summary = replies.find((r) => r.kind === 'summary');
  expect(summary).toBeDefined();
  const author = lastQuestion(replies);
  replies = await client.send({ kind: 'choice', step: author.step, choice: choiceId(author, /^patient$/) });
  // The letter details form, sent as the page sends it: field ids and values only.
  const details = lastQuestion(replies);
  expect(details.input.type).toBe('form');
  return client.send({ kind: 'form', step: details.step, values: { patientName: 'Jordan Rivera', tried: [] } });
}

function fileOf(replies: WebReply[]): WebFileReply {
  const file = replies.find((r): r is WebFileReply => r.kind === 'file');
  if (!file) throw new Error('no file reply');
  return file;
}

describe('web chat API', () => {
  it('runs the whole appeal and hands the letter to the session that asked for it', async () => {
    const base = await start();
    const client = new WebClient(base);
    const first = await client.post({ input: { kind: 'start' } });
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^overturn_session=[\w-]{43}\.[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);

    client.cookie = null;
    const replies = await seedScenario(client);
    const file = fileOf(replies);
    expect(file.fileName).toMatch(/\.docx$/);
    expect(file.url).toMatch(/^api\/web\/letter\/[\w-]+$/);
    expect(JSON.stringify(replies)).not.toContain('"bytes"');

    const download = await client.get(file.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.docx"/);
    expect(download.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.byteLength).toBe(file.size);
    const { value: text } = await mammoth.extractRawText({ buffer: bytes });
    expect(text).toMatch(/ocrevus/i);
    expect(text).toMatch(/August 30, 2026/);
  });

  it('shows the summary with deadlines and the checklist', async () => {
    const base = await start();
    const client = new WebClient(base);
    await client.send({ kind: 'start' });
    let replies: WebReply[] = [];
    for (const text of ['cigna', 'ocrevus', 'not medically necessary', 'employer', 'first', 'March 3, 2026']) {
      replies = await client.send({ kind: 'text', text });
    }
    // Typed dates may be echoed for confirmation; typing always works, so answer whatever is asked with words.
    while (lastQuestion(replies).step !== 'urgency') {
      const question = lastQuestion(replies);
      replies = await client.send({
        kind: 'choice',
        step: question.step,
        choice: choiceId(question, /^(yes|confirm)/i),
      });
    }
    replies = await client.send({ kind: 'text', text: 'no' });
    const summary = replies.find((r) => r.kind === 'summary');
    if (summary?.kind !== 'summary') throw new Error('no summary');
    expect(summary.deadlines.length).toBeGreaterThan(0);
    expect(summary.deadlines.map((d) => d.dateText).join(' ')).toMatch(/2026/);
    expect(summary.sections.some((s) => s.items.length > 0)).toBe(true);
  });

  it('switches cases from the list and keeps their answers apart', async () => {
    const base = await start();
    const client = new WebClient(base);
    await seedScenario(client);
    const said = (replies: WebReply[]) =>
      replies.map((r) => (r.kind === 'text' ? r.text : r.kind === 'question' ? r.text : '')).join('\n');
    expect(said(await client.send({ kind: 'text', text: 'new case' }))).toMatch(/Case 2 is open/);
    await client.send({ kind: 'text', text: 'aetna' });
    const list = lastQuestion(await client.send({ kind: 'command', command: 'cases' }));
    expect(list.step).toBe('cases');
    expect(list.input.type === 'choices' && list.input.choices.map((c) => [c.id, c.label])).toEqual([
      ['case-1', 'Case 1 · Ocrevus · Cigna Healthcare · notice of Mar 3'],
      ['case-2', 'Case 2 · Aetna (CVS Health) (now)'],
      ['new', 'Start a new case'],
    ]);
    const back = await client.send({ kind: 'choice', step: 'cases', choice: 'case-1' });
    expect(said(back)).toMatch(/Now working on:\nCase 1 · Ocrevus · Cigna Healthcare · notice of Mar 3/);
    expect(said(await client.send({ kind: 'text', text: 'status' }))).toMatch(
      /insurer: Cigna Healthcare\n- drug: Ocrevus/,
    );
    expect(said(await client.send({ kind: 'text', text: 'case 2' }))).toMatch(/Case 2 · Aetna[\s\S]*Which drug/);
    expect(said(await client.send({ kind: 'text', text: 'status' }))).toMatch(
      /insurer: Aetna \(CVS Health\)\n- drug: not answered yet/,
    );
  });

  it('resumes the conversation for the same cookie and starts fresh without one', async () => {
    const base = await start();
    const client = new WebClient(base);
    await client.send({ kind: 'start' });
    await client.send({ kind: 'text', text: 'cigna' });
    const reloaded = await client.send({ kind: 'start' });
    expect(lastQuestion(reloaded).step).toBe('drug');

    const stranger = new WebClient(base);
    expect(lastQuestion(await stranger.send({ kind: 'start' })).step).toBe('voice');
  });

  it('answers quick messages in the order they were sent, each with its own turn', async () => {
    // A store that takes a while to save: the second message arrives while the first is being answered.
    let saving = (): void => undefined;
    class SlowStore extends MemorySessionStore {
      override async put(...args: Parameters<MemorySessionStore['put']>) {
        saving();
        await new Promise((resolve) => setTimeout(resolve, 100));
        return super.put(...args);
      }
    }
    app = await startWebApp({}, undefined, new SlowStore());
    const client = new WebClient(`http://127.0.0.1:${app.port}/`);
    await client.send({ kind: 'start' });
    const firstSaving = new Promise<void>((resolve) => {
      saving = resolve;
    });
    const first = client.send({ kind: 'text', text: 'Cigna' });
    await firstSaving;
    const second = client.send({ kind: 'text', text: 'Ocrevus' });
    const [cigna, ocrevus] = await Promise.all([first, second]);
    expect(lastQuestion(cigna).step).toBe('drug');
    expect(JSON.stringify(cigna)).not.toContain('Ocrevus (');
    expect(JSON.stringify(ocrevus)).toMatch(/Drug: Ocrevus/);
    expect(lastQuestion(ocrevus).step).toBe('reason');
  });

  it('a double click on an answer is answered once: the second click gets nothing new', async () => {
    const base = await start();
    const client = new WebClient(base);
    await client.send({ kind: 'start' });
    await client.send({ kind: 'text', text: 'cigna' });
    const reason = lastQuestion(await client.send({ kind: 'text', text: 'ocrevus' }));
    const click = { kind: 'choice', step: reason.step, choice: choiceId(reason, /^medical-necessity$/) };
    const [once, twice] = await Promise.all([client.send(click), client.send(click)]);
    expect(lastQuestion(once).step).toBe('plan');
    expect(twice).toEqual([]);
    expect(JSON.stringify(twice)).not.toContain('earlier question');
  });

  it("answers 404 for another session's letter, an unknown id, or no session", async () => {
    const base = await start();
    const owner = new WebClient(base);
    const file = fileOf(await seedScenario(owner));

    const other = new WebClient(base);
    await other.send({ kind: 'start' });
    const foreign = await other.get(file.url);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await foreign.text()).toMatch(/no longer available/);

    expect((await new WebClient(base).get(file.url)).status).toBe(404);
    expect((await owner.get('api/web/letter/not-a-letter')).status).toBe(404);
    expect((await owner.get(file.url)).status).toBe(200);
  });

  it('"forget me" clears the cookie and drops the letter', async () => {
    const base = await start();
    const client = new WebClient(base);
    const file = fileOf(await seedScenario(client));
    const oldCookie = client.cookie;

    const forgot = await client.post({ input: { kind: 'command', command: 'forget' } });
    expect(forgot.status).toBe(200);
    expect(forgot.body.forgotten).toBe(true);
    expect(forgot.headers.get('set-cookie')).toMatch(/^overturn_session=; .*Max-Age=0$/);

    const stale = new WebClient(base);
    stale.cookie = oldCookie;
    expect((await stale.get(file.url)).status).toBe(404);
    expect(lastQuestion(await stale.send({ kind: 'start' })).step).toBe('voice');
  });

  it('typed "forget me" works like the button', async () => {
    const base = await start();
    const client = new WebClient(base);
    await client.send({ kind: 'start' });
    await client.send({ kind: 'text', text: 'cigna' });
    const forgot = await client.post({ input: { kind: 'text', text: 'forget me' } });
    expect(forgot.body.forgotten).toBe(true);
    expect(client.cookie).toBeNull();
  });

  it('rejects oversized bodies with 413 and malformed ones with 400', async () => {
    const base = await start();
    const client = new WebClient(base);
    await client.send({ kind: 'start' });

    const huge = await client.post(null, {
      raw: JSON.stringify({ input: { kind: 'text', text: 'x'.repeat(40_000) } }),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toBe('too_large');
    expect(huge.body.message).toMatch(/too long/);

    const broken = await client.post(null, { raw: '{"input": {"kind": "text", "text": ' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toBe('malformed');

    for (const body of [
      { input: { kind: 'choice', step: 'reason' } },
      { input: { kind: 'date', step: 'denialDate', date: '03/03/2026' } },
      { input: { kind: 'command', command: 'delete-everything' } },
      { input: { kind: 'text', text: 'y'.repeat(2001) } },
      { input: { kind: 'text', text: '   ' } },
      { input: { kind: 'choice', step: 'reason', choice: 'id with spaces' } },
      { input: { kind: 'form', step: 'details', values: { 'not an id': 'x' } } },
      { input: { kind: 'form', step: 'details', values: { patientName: 'y'.repeat(4001) } } },
      {
        input: {
          kind: 'form',
          step: 'details',
          values: Object.fromEntries([...Array(41)].map((_, i) => [`f${i}`, 'x'])),
        },
      },
      [],
    ]) {
      const answer = await client.post(body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(answer.body.error).toBe('invalid_message');
    }

    const form = await client.post(null, {
      raw: 'text=hello',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  it('refuses messages posted from another site', async () => {
    const base = await start();
    const client = new WebClient(base);
    const forged = await client.post({ input: { kind: 'start' } }, { headers: { Origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);
    const own = await client.post({ input: { kind: 'start' } }, { headers: { Origin: base.replace(/\/$/, '') } });
    expect(own.status).toBe(200);
  });

  it('rate-limits each session and leaves other sessions alone', async () => {
    const base = await start({ WEB_RATE_LIMIT_PER_MINUTE: '5' });
    const busy = new WebClient(base);
    // The first message, before there is a session, counts against the address; then the session has its own budget.
    await busy.send({ kind: 'start' });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<WebClient['post']>> | null = null;
    for (let i = 0; i < 7; i += 1) {
      const answer = await busy.post({ input: { kind: 'text', text: 'help' } });
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.body.message).toMatch(/very fast/);

    const calm = new WebClient(base);
    calm.cookie = null;
    expect((await calm.post({ input: { kind: 'start' } })).status).toBe(200);
  });

  it('limits how fast one address can open new sessions', async () => {
    const base = await start({ WEB_RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await new WebClient(base).post({ input: { kind: 'start' } })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('never writes what the user typed or chose to the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const base = await start({}, pino({ level: 'trace' }, sink));
    const client = new WebClient(base);
    await seedScenario(client);
    await client.post({ input: { kind: 'text', text: 'My name is Jane Roe' } });
    const logs = lines.join('');
    expect(logs).toContain('web_turn');
    for (const secret of [/ocrevus/i, /cigna/i, /medical-necessity/, /2026-03-03/, /Jane Roe/, /overturn_session/]) {
      expect(logs).not.toMatch(secret);
    }
    expect(logs).not.toContain(client.cookie?.split('=')[1] ?? 'no-cookie');
  });
});

describe('web chat page', () => {
  it('serves the page with a strict content security policy', async () => {
    const base = await start();
    const page = await fetch(base);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="assets/app.js"></script>');
    expect(html).toContain('<label for="composer-input" data-i18n="composerLabel">Type your answer</label>');
    expect(html).toContain('role="status" aria-live="polite"');
    expect(html).not.toMatch(/\{\{\w+\}\}/);
    expect(html).not.toMatch(/<script>(?!<)/);

    const script = await fetch(new URL('assets/app.js', base));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const etag = script.headers.get('etag') ?? '';
    expect((await fetch(new URL('assets/app.js', base), { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await fetch(new URL('assets/../../config.ts', base))).status).toBe(404);
    expect((await fetch(new URL('assets/index.ts', base))).status).toBe(404);
  });

  it("serves the page in the browser's language, and answers the API in it until the user switches", async () => {
    const base = await start();
    const spanish = await fetch(base, { headers: { 'Accept-Language': 'fr-CA, es-MX;q=0.9, en;q=0.8' } });
    expect(spanish.headers.get('content-language')).toBe('es');
    expect(spanish.headers.get('vary')).toContain('Accept-Language');
    const html = await spanish.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<label for="composer-input" data-i18n="composerLabel">Escriba su respuesta</label>');
    // Every language's words ride along, for a switch mid-conversation.
    expect(html).toContain('"composerLabel":"Type your answer"');
    const english = await fetch(base, { headers: { 'Accept-Language': 'de-DE, en-GB;q=0.5' } });
    expect(await english.text()).toContain('<html lang="en">');

    const post = (input: object, cookie?: string) =>
      fetch(new URL('api/web/messages', base), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Accept-Language': 'es-419,es;q=0.9',
          ...(cookie ? { Cookie: cookie } : {}),
        },
        body: JSON.stringify({ input }),
      });
    const first = await post({ kind: 'start' });
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const greeting = (await first.json()) as { locale: string; replies: Array<{ text?: string }> };
    expect(greeting.locale).toBe('es');
    expect(greeting.replies[0]?.text).toMatch(/^¡Hola! Soy Overturn/);
    const switched = (await (await post({ kind: 'text', text: 'English' }, cookie)).json()) as { locale: string };
    expect(switched.locale).toBe('en');
  });

  it('lets the listed sites embed the chat, with a cookie that works inside their iframe', async () => {
    const base = await start({ WEB_ALLOWED_ORIGINS: 'https://advocacy.example, https://help.example.org' });
    const page = await fetch(base);
    expect(page.headers.get('content-security-policy')).toContain(
      "frame-ancestors 'self' https://advocacy.example https://help.example.org",
    );
    expect(page.headers.get('x-frame-options')).toBeNull();
    const first = await new WebClient(base).post({ input: { kind: 'start' } });
    expect(first.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=None; Secure; Partitioned$/);
  });

  it('rejects a WEB_ALLOWED_ORIGINS entry that is not an origin, naming the variable', async () => {
    await expect(startWebApp({ WEB_ALLOWED_ORIGINS: 'advocacy.example/chat' })).rejects.toThrow(/WEB_ALLOWED_ORIGINS/);
  });

  it('answers /healthz, 404 for unknown paths and 405 for a wrong method', async () => {
    const base = await start();
    const health = await fetch(new URL('healthz', base));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(new URL('nothing-here', base))).status).toBe(404);
    const wrong = await fetch(new URL('api/web/messages', base));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });
});
