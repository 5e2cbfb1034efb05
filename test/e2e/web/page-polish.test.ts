import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../../src/server/app.js';
import { findChromium, launchChromium, type Browser } from './browser.js';
import { startWebApp } from './harness.js';

/**
 * The web page as people use it on a phone, a laptop and at 200 % zoom:
 * what they can see, where focus goes, reloads, second tabs, a lost network.
 */
const executablePath = findChromium();
const inCi = process.env.CI === 'true';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** A 1280 × 800 window at 200 % zoom lays the page out in 640 × 400 CSS pixels. */
const ZOOMED = { width: 640, height: 400 };

const PHONE_SCREENSHOT = 'test-output/web-chat-phone.png';
const STORY = 'Cigna denied my Ocrevus infusion as not medically necessary';
const REST = ['employer', 'first', '2026-03-03', 'no'];

interface Box {
  top: number;
  bottom: number;
}

/** The part of the window where the conversation is visible: above the composer bar. */
function visibleArea(page: Page): Promise<Box> {
  return page.evaluate(() => {
    const bar = document.querySelector('.composer-bar')!.getBoundingClientRect();
    const scroller = document.getElementById('scroller')!.getBoundingClientRect();
    return { top: Math.max(0, scroller.top), bottom: Math.min(bar.top, window.innerHeight) };
  });
}

function boxOf(page: Page, selector: string): Promise<Box | null> {
  return page.evaluate((s) => {
    const node = document.querySelectorAll(s);
    const last = node[node.length - 1];
    if (!last) return null;
    const r = last.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom };
  }, selector);
}

/** The newest question, from its text to its last button, lies inside the visible area (or fills it from its top). */
async function newestQuestionInView(page: Page): Promise<boolean> {
  const area = await visibleArea(page);
  const question = await boxOf(page, '.msg.question');
  if (!question) return false;
  const tall = question.bottom - question.top > area.bottom - area.top;
  return tall
    ? Math.abs(question.top - area.top) < 2
    : question.top >= area.top - 1 && question.bottom <= area.bottom + 1;
}

/** Tabs through every control; returns those that took focus while covered or off screen. */
async function hiddenFocus(page: Page): Promise<string[]> {
  const count = await page.evaluate(
    () =>
      document.querySelectorAll('button:not(:disabled), select:not(:disabled), input:not(:disabled), a[href]').length,
  );
  const hidden: string[] = [];
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < count + 1; i += 1) {
    await page.keyboard.press('Tab');
    const problem = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const r = el.getBoundingClientRect();
      const bar = document.querySelector('.composer-bar')!;
      if (bar.contains(el)) return r.top >= 0 && r.bottom <= window.innerHeight + 1 ? null : 'composer off screen';
      const barTop = bar.getBoundingClientRect().top;
      return r.top < -1 || r.bottom > barTop + 1 ? `${el.tagName} "${el.textContent?.trim()}"` : null;
    });
    if (problem) hidden.push(problem);
  }
  return hidden;
}

async function type(page: Page, text: string): Promise<void> {
  const before = await page.locator('.msg.bot').count();
  const box = page.getByLabel('Type your answer');
  await box.fill(text);
  await box.press('Enter');
  await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(before);
  await expect.poll(() => page.locator('#working').isHidden()).toBe(true);
}

async function open(browser: Browser, base: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(base);
  await expect.poll(() => page.locator('.msg.question').count()).toBeGreaterThan(0);
  return page;
}

describe.skipIf(!executablePath && !inCi)('web page polish in a real browser (headless Chromium)', () => {
  let app: RunningApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    if (!executablePath) throw new Error('Chromium not found: .ci/run installs the Debian chromium package');
    app = await startWebApp();
    base = `http://127.0.0.1:${app.port}/`;
    browser = await launchChromium(executablePath, PHONE);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  for (const [name, viewport] of Object.entries({ phone: PHONE, desktop: DESKTOP, 'zoom 200 %': ZOOMED })) {
    it(`${name}: every new question is fully above the composer, and no focused control is covered`, async () => {
      await browser.context.clearCookies();
      const page = await open(browser, base, viewport);
      await expect.poll(() => newestQuestionInView(page)).toBe(true);
      expect(await hiddenFocus(page)).toEqual([]);
      // The whole story at once: every answer it gives is taken and confirmed.
      await type(page, STORY);
      expect(await page.locator('.msg.bot').allTextContents()).toContainEqual(
        expect.stringContaining('From your message I noted:'),
      );
      for (const answer of REST.slice(0, -1)) {
        await expect.poll(() => newestQuestionInView(page)).toBe(true);
        expect(await hiddenFocus(page)).toEqual([]);
        await type(page, answer);
      }
      await expect.poll(() => newestQuestionInView(page)).toBe(true);
      expect(await hiddenFocus(page)).toEqual([]);
      await page.close();
    });
  }

  it('the plan lands at its top with the "send it by" date in view; who signs is the next Tab', async () => {
    await browser.context.clearCookies();
    const page = await open(browser, base, PHONE);
    await type(page, STORY);
    for (const answer of REST.slice(0, -1)) await type(page, answer);
    await page.getByRole('button', { name: 'No, standard is fine' }).click();
    const summary = page.locator('section.summary');
    await expect.poll(() => summary.count()).toBe(1);
    await expect
      .poll(async () => (await boxOf(page, 'section.summary'))!.top - (await visibleArea(page)).top)
      .toBeLessThan(2);
    const area = await visibleArea(page);
    const sendBy = await boxOf(page, '.deadline:first-child .deadline-due');
    expect(await page.locator('.deadline').first().textContent()).toMatch(/^Send it by/);
    expect(sendBy!.top).toBeGreaterThanOrEqual(area.top);
    expect(sendBy!.bottom).toBeLessThanOrEqual(area.bottom);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Your appeal plan');
    // The picture for docs/web.md: the plan as it lands on a phone.
    mkdirSync('test-output', { recursive: true });
    await page.screenshot({ path: PHONE_SCREENSHOT });
    if (process.env.UPDATE_SCREENSHOT === '1') copyFileSync(PHONE_SCREENSHOT, 'docs/screenshot-web-phone.png');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Me (patient or representative)');
    await page.close();
  });

  it('a reload shows the conversation so far, and the letter link after the letter', async () => {
    await browser.context.clearCookies();
    const page = await open(browser, base, PHONE);
    await type(page, 'cigna');
    await type(page, 'ocrevus');
    await page.reload();
    await expect.poll(() => page.locator('.msg.question').count()).toBe(1);
    const users = await page.locator('.msg.user').allTextContents();
    expect(users.map((t) => t.replace(/^You: /, ''))).toEqual(['Cigna Healthcare', 'Ocrevus (ocrelizumab)']);
    expect(await page.locator('.msg.bot').first().textContent()).toMatch(/Which insurance company/);
    await expect.poll(() => newestQuestionInView(page)).toBe(true);

    for (const answer of ['not medically necessary', ...REST, 'me', 'skip']) await type(page, answer);
    await expect.poll(() => page.getByRole('link', { name: /^Download .*\.docx$/ }).count()).toBe(1);
    await page.reload();
    const link = page.getByRole('link', { name: /^Download .*\.docx$/ });
    await expect.poll(() => link.count()).toBe(1);
    expect(await page.locator('section.summary').count()).toBe(1);
    expect((await page.locator('.msg.user').allTextContents()).at(-1)).toMatch(/Me \(patient or representative\)/);
    const response = await page.request.get(new URL((await link.getAttribute('href'))!, base).toString());
    expect(response.status()).toBe(200);
    await page.close();
  });

  it('"Start over" asks first; the row under the first question is short', async () => {
    await browser.context.clearCookies();
    const page = await open(browser, base, PHONE);
    const navOf = () => page.locator('.msg.question').last().locator('.nav button').allTextContents();
    expect(await navOf()).toEqual(['Help']);
    await type(page, 'cigna');
    expect(await navOf()).toEqual(['Back', 'Change an answer', 'Start over', 'Help']);
    await page.locator('.msg.question').last().getByRole('button', { name: 'Start over' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start over?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.locator('.msg.question').last().textContent()).toMatch(/Which drug/);

    await page.locator('.msg.question').last().getByRole('button', { name: 'Change an answer' }).click();
    await expect.poll(() => page.locator('.msg.question').last().textContent()).toMatch(/Which answer/);
    expect(await page.locator('.msg.question').last().locator('.choice').allTextContents()).toEqual([
      'insurerCigna Healthcare',
    ]);

    await page.locator('.msg.question').last().getByRole('button', { name: 'Start over' }).click();
    await dialog.getByRole('button', { name: 'Start over' }).click();
    await expect.poll(() => page.locator('.msg.bot').last().textContent()).toMatch(/insurance company/);
    await page.close();
  });

  it('a second tab that went stale says so instead of using the answer for another question', async () => {
    await browser.context.clearCookies();
    const first = await open(browser, base, PHONE);
    await type(first, 'cigna');
    const second = await open(browser, base, PHONE);
    await second.locator('.msg.question').last().getByRole('button', { name: 'Start over' }).click();
    await second.getByRole('dialog').getByRole('button', { name: 'Start over' }).click();
    await expect.poll(() => second.locator('.msg.bot').last().textContent()).toMatch(/insurance company/);

    await type(first, 'humana');
    expect(await first.locator('.msg.bot').allTextContents()).toContainEqual(
      expect.stringMatching(/a question we had already left \(perhaps in another tab or window\)/),
    );
    await type(first, 'status');
    expect(await first.locator('.msg.bot').allTextContents()).toContainEqual(
      expect.stringMatching(/I don't have any answers yet/),
    );
    await first.close();
    await second.close();
  });

  it('two answers typed before the first reply arrives both count (the same tab is never "stale")', async () => {
    await browser.context.clearCookies();
    const page = await open(browser, base, PHONE);
    // The first answer's reply is slow to come back.
    await page.route(
      '**/api/web/messages',
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        await route.continue();
      },
      { times: 1 },
    );
    const box = page.getByLabel('Type your answer');
    await box.fill('cigna');
    await box.press('Enter');
    await box.fill('ocrevus');
    await box.press('Enter');
    await expect.poll(() => page.locator('.msg.question').last().textContent()).toMatch(/What reason/);
    expect(await page.locator('.msg.bot').allTextContents()).not.toContainEqual(expect.stringMatching(/already left/));
    await page.close();
  });

  it('a network error keeps the typed text and offers to try again', async () => {
    await browser.context.clearCookies();
    const page = await open(browser, base, PHONE);
    await page.route('**/api/web/messages', (route) => route.abort('internetdisconnected'), { times: 1 });
    const box = page.getByLabel('Type your answer');
    await box.fill('cigna');
    await box.press('Enter');
    await expect.poll(() => page.locator('.msg.problem').count()).toBe(1);
    expect(await page.locator('.msg.problem').textContent()).toMatch(/couldn't reach the server/);
    expect(await box.inputValue()).toBe('cigna');
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.locator('.msg.question').last().textContent()).toMatch(/Which drug/);
    expect(await page.locator('.msg.problem').count()).toBe(0);
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme} scheme: axe finds no violation (landmarks, contrast); the focus ring is not the error colour`, async () => {
      await browser.context.clearCookies();
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(base);
      await expect.poll(() => page.locator('.msg.question').count()).toBe(1);
      await type(page, 'cigna');
      await type(page, 'xyzzy'); // an unknown drug: a warning-toned answer is on the page too
      await page.evaluate(axeSource);
      const results = await page.evaluate(() =>
        (window as unknown as { axe: { run(o: unknown): Promise<{ violations: Array<{ id: string }> }> } }).axe.run({
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        }),
      );
      expect(results.violations.map((v) => v.id)).toEqual([]);
      const colours = await page.evaluate(() => {
        const paper = getComputedStyle(document.documentElement).backgroundColor;
        document.getElementById('composer-input')!.focus();
        const ring = getComputedStyle(document.activeElement!).outlineColor;
        const error = getComputedStyle(document.documentElement).getPropertyValue('--error').trim();
        return { paper, ring, error };
      });
      expect(colours.paper).toBe(scheme === 'dark' ? 'rgb(19, 19, 22)' : 'rgb(255, 255, 255)');
      const [r = 0, g = 0, b = 0] = (colours.ring.match(/\d+/g) ?? []).map(Number);
      expect(b).toBeGreaterThan(r); // blue, never the red of an error
      expect(b).toBeGreaterThan(g);
      await page.close();
    });
  }
});
