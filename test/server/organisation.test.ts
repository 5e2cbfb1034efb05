import mammoth from 'mammoth';
import { afterEach, describe, expect, it } from 'vitest';
import { contrastRatio, parseHex } from '../../src/adapters/web/accent.js';
import { webConfigFromEnv } from '../../src/adapters/web/config.js';
import { createBot, fixedClock } from '../../src/bot.js';
import { isOverturnError } from '../../src/core/errors.js';
import type { RunningApp } from '../../src/server/app.js';
import { serverConfigFromEnv } from '../../src/server/config.js';
import { startWebApp } from '../e2e/web/harness.js';
import { Conversation, texts } from '../helpers/chat.js';

const ORG = {
  ORG_NAME: 'MS Support Circle',
  ORG_URL: 'https://ms-circle.example.org/help',
  ORG_HELP: 'post in #ask-a-volunteer',
};

function configError(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (isOverturnError(error, 'config_invalid')) return error.message;
    throw error;
  }
  throw new Error('expected a config_invalid error');
}

function web(env: NodeJS.ProcessEnv) {
  const result = webConfigFromEnv(env);
  if (!result.configured) throw new Error('web chat off');
  return result.config;
}

describe('organisation settings', () => {
  it('are read by the server config, and unset by default', () => {
    expect(serverConfigFromEnv({}).organisation).toBeUndefined();
    expect(serverConfigFromEnv(ORG).organisation).toEqual({
      name: 'MS Support Circle',
      url: 'https://ms-circle.example.org/help',
      help: 'post in #ask-a-volunteer',
    });
    expect(configError(() => serverConfigFromEnv({ ORG_URL: 'https://x.example' }))).toMatch(/need ORG_NAME/);
    expect(configError(() => serverConfigFromEnv({ ORG_NAME: 'X', ORG_URL: 'javascript:alert(1)' }))).toMatch(
      /^ORG_URL is invalid/,
    );
  });

  it('web: a readable accent is kept, a light one is darkened to WCAG AA with a message, a bad one refused', () => {
    expect(web({}).brand).toEqual({});
    const kept = web({ ORG_ACCENT: '#0b57d0' }).brand;
    expect(kept.accent?.color).toBe('#0b57d0');
    expect(kept.notice).toBeUndefined();

    const light = web({ ORG_ACCENT: '#ffcc00' }).brand;
    expect(light.accent?.adjustedFrom).toBe('#ffcc00');
    expect(contrastRatio(parseHex(light.accent!.color)!, [255, 255, 255])).toBeGreaterThanOrEqual(4.5);
    expect(light.notice).toMatch(
      /^ORG_ACCENT #ffcc00 has a contrast of 1\.\d\d:1 .*WCAG AA needs 4\.5:1, so the web chat uses #[0-9a-f]{6} instead$/,
    );

    expect(configError(() => webConfigFromEnv({ ORG_ACCENT: 'blue-ish' }))).toMatch(
      /^ORG_ACCENT is invalid: must be a colour/,
    );
    expect(configError(() => webConfigFromEnv({ ORG_LOGO_URL: 'http://x.example/logo.png' }))).toMatch(
      /^ORG_LOGO_URL is invalid: must be an https:\/\/ address/,
    );
  });

  it('contrast ratios match WCAG examples', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio(parseHex('#767676')!, [255, 255, 255])).toBeCloseTo(4.54, 2);
    expect(parseHex('#abc')).toEqual([0xaa, 0xbb, 0xcc]);
  });
});

describe('the organisation in the conversation and the letter', () => {
  const organisation = {
    name: 'MS Support Circle',
    url: 'https://ms-circle.example.org/help',
    help: 'post in #ask-a-volunteer',
  };

  it('is named in the greeting, help, the plan and the letter notes page', async () => {
    const c = new Conversation(createBot({ clock: fixedClock('2026-04-01'), organisation }));
    const greeting = texts(await c.start());
    expect(greeting).toMatch(/This assistant is offered by MS Support Circle\./);
    expect(greeting).toMatch(/To reach MS Support Circle's volunteers: post in #ask-a-volunteer/);
    expect(texts(await c.send('help'))).toMatch(/More from MS Support Circle: https:\/\/ms-circle\.example\.org\/help/);
    for (const a of ['cigna', 'ocrevus', 'not medically necessary', 'employer plan', 'first', '2026-03-03', 'no'])
      await c.send(a);
    const section = c.lastSummary().sections.find((s) => s.heading === 'Help from MS Support Circle');
    expect(section?.items).toEqual([
      "To reach MS Support Circle's volunteers: post in #ask-a-volunteer",
      'More from MS Support Circle: https://ms-circle.example.org/help',
    ]);
    await c.choose('Me');
    await c.choose('Skip, keep the blanks');
    const letter = (await mammoth.extractRawText({ buffer: Buffer.from(c.lastFile().bytes) })).value;
    expect(letter).toMatch(/Help from MS Support Circle: To reach MS Support Circle's volunteers/);
  });

  it('"talk to a person" says how to reach the volunteers, and the question stays open', async () => {
    const c = new Conversation(createBot({ clock: fixedClock('2026-04-01'), organisation }));
    await c.start();
    await c.send('cigna');
    const turn = await c.send('talk to a person');
    expect(texts(turn)).toMatch(/To talk to a person at MS Support Circle: post in #ask-a-volunteer/);
    expect(c.lastQuestion().step).toBe('drug');
    // As a button too.
    expect(texts(await c.send({ kind: 'command', command: 'person' }))).toMatch(/#ask-a-volunteer/);

    const linkOnly = new Conversation(
      createBot({
        clock: fixedClock('2026-04-01'),
        organisation: { name: 'Lupus Friends', url: 'https://lf.example' },
      }),
    );
    await linkOnly.start();
    expect(texts(await linkOnly.send('talk to someone'))).toMatch(
      /Lupus Friends can help you in person: https:\/\/lf\.example/,
    );
  });

  it('without settings, "talk to a person" says honestly that no volunteers are set up', async () => {
    const c = new Conversation();
    await c.start();
    expect(texts(await c.send('talk to a person'))).toMatch(/no volunteer team is set up for this one/);
    expect(c.lastQuestion().step).toBe('voice');
  });

  it('without settings, nothing about an organisation is said', async () => {
    const c = new Conversation();
    expect(texts(await c.start())).not.toMatch(/offered by/);
    expect(texts(await c.send('help'))).not.toMatch(/More from|volunteers/);
  });
});

describe('the web page with an organisation', () => {
  let app: RunningApp | null = null;
  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  it('shows the logo and name, allows only the logo origin for images, and serves the accent', async () => {
    app = await startWebApp({ ...ORG, ORG_LOGO_URL: 'https://cdn.example.org/logo.png', ORG_ACCENT: '#7b1fa2' });
    const base = `http://127.0.0.1:${app.port}/`;
    const page = await fetch(base);
    const html = await page.text();
    expect(html).toContain('<img class="org-logo" src="https://cdn.example.org/logo.png" alt="MS Support Circle logo"');
    expect(html).toContain('<a href="https://ms-circle.example.org/help" rel="noopener" target="_blank">');
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self' https://cdn.example.org;");
    const css = await (await fetch(new URL('assets/org.css', base))).text();
    expect(css).toContain('--brand: #7b1fa2;');
  });

  it('without settings the page is as before', async () => {
    app = await startWebApp({});
    const base = `http://127.0.0.1:${app.port}/`;
    const page = await fetch(base);
    expect(await page.text()).not.toContain('class="org"');
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self';");
    expect(await (await fetch(new URL('assets/org.css', base))).text()).toBe('');
  });
});
