import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import mammoth from 'mammoth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../../src/server/app.js';
import { findChromium, launchChromium, type Browser } from './browser.js';
import { startWebApp } from './harness.js';

const executablePath = findChromium();
const inCi = process.env.CI === 'true';
if (!executablePath && !inCi) {
  console.warn(
    'web browser test skipped: Chromium not found (apt-get install chromium, or set CHROMIUM_PATH); in CI it fails instead.',
  );
}

const SCREENSHOT = 'test-output/web-chat.png';

/** WCAG contrast ratio of every visible, enabled element that has its own text. */
function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const channel = (v: number) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const parse = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) =>
      0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const background = (el: Element | null): number[] => {
      for (let node = el; node; node = node.parentElement) {
        const [r, g, b, a = 1] = parse(getComputedStyle(node).backgroundColor);
        if (a > 0) return [r ?? 255, g ?? 255, b ?? 255];
      }
      return [255, 255, 255];
    };
    const problems: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (!ownText || (el as HTMLButtonElement).disabled || el.closest('.visually-hidden, [hidden], option')) continue;
      const fg = luminance(parse(getComputedStyle(el).color));
      const bg = luminance(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < 4.5) problems.push(`${el.tagName.toLowerCase()}.${el.className}: ${ratio.toFixed(2)}`);
    }
    return problems;
  });
}

/** Controls without an accessible name (a label, aria-label or text). */
function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('input, select, button, a[href]'))
      .filter((el) => {
        const labels = (el as HTMLInputElement).labels;
        const labelled = labels && labels.length > 0;
        return (
          !labelled && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !el.textContent?.trim()
        );
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
}

const focused = (page: Page) =>
  page.evaluate(() => document.activeElement?.textContent?.trim() ?? document.activeElement?.tagName);

describe.skipIf(!executablePath && !inCi)('web chat in a real browser (headless Chromium)', () => {
  let app: RunningApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    if (!executablePath) throw new Error('Chromium not found: .ci/run installs the Debian chromium package');
    app = await startWebApp();
    base = `http://127.0.0.1:${app.port}/`;
    browser = await launchChromium(executablePath, { width: 390, height: 844 });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('completes the seed appeal by clicking, typing and the keyboard alone, and downloads the letter', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(base);

    // Who the user is: buttons; skipped here.
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/on the care team/);
    await page.getByRole('button', { name: 'Skip', exact: true }).click();

    // Insurer: the long list is a labelled select.
    const insurer = page.getByLabel('Choose from the list');
    await expect.poll(() => insurer.count()).toBe(1);
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/insurance company/);
    await insurer.selectOption({ label: 'Cigna Healthcare' });
    await page.getByRole('button', { name: 'Choose', exact: true }).click();
    await expect.poll(() => page.locator('.msg.user').last().textContent()).toContain('Cigna Healthcare');

    // Drug: free text, sent with Enter from the text box, where focus now is.
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/Which drug/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('composer-input');
    await page.keyboard.type('ocrevus');
    await page.keyboard.press('Enter');

    // Reason: a button click.
    const reason = page.getByRole('button', { name: 'Not medically necessary' });
    await reason.click();

    // Plan and stage: keyboard only; focus moves to the new question's first answer.
    await expect.poll(() => focused(page)).toBe('Employer plan (insured)');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('First denial');
    // After keyboard use, the focused control shows a visible ring.
    const focusRing = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(focusRing).toBe('solid');
    await page.keyboard.press('Enter');

    // Reload in the middle: the conversation resumes at the same question.
    await expect.poll(() => page.getByLabel('Pick the date').count()).toBe(1);
    await page.reload();
    const date = page.getByLabel('Pick the date');
    await expect.poll(() => date.count()).toBe(1);
    await date.fill('2026-03-03');
    await page.getByRole('button', { name: 'Use this date' }).click();

    // Urgency: Tab to the second answer and press Space.
    await expect.poll(() => focused(page)).toBe("Yes, it's urgent");
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('No, standard is fine');
    await page.keyboard.press('Space');

    // The summary: deadlines with their rules, and the checklist.
    const summary = page.locator('section.summary');
    await expect.poll(() => summary.count()).toBe(1);
    expect(await summary.getByRole('heading', { level: 2 }).textContent()).toBe('Your appeal plan');
    const deadlines = await summary.locator('.deadline').allTextContents();
    expect(deadlines.join('\n')).toContain('Sunday, August 30, 2026');
    expect(deadlines.join('\n')).toContain('29 CFR 2560.503-1(h)(3)(i)');
    expect(await summary.locator('.items li').count()).toBeGreaterThan(3);

    // The plan takes focus at its heading; the next Tab reaches who signs. Enter picks it, then the link gets focus.
    await expect.poll(() => focused(page)).toBe('Your appeal plan');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Me (patient or representative)');
    await page.keyboard.press('Enter');

    // The letter details: a labelled form behind "Add details"; what is typed is not echoed in the chat.
    const add = page.getByRole('button', { name: 'Add details' });
    await expect.poll(() => add.count()).toBe(1);
    await add.click();
    await page.getByLabel("Patient's full name").fill('Jordan Rivera');
    await page.getByLabel('Member ID').fill('U8812345601');
    await page
      .getByLabel('Which approved use')
      .selectOption({ label: 'primary progressive multiple sclerosis in adults' });
    await page.getByLabel('Kesimpta (ofatumumab)').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('link', { name: /^Download .*\.pdf$/ }).count()).toBe(1);
    expect(await page.locator('.msg.user').allTextContents()).not.toContain('Jordan Rivera');

    // Then the link to the letter gets focus.
    const link = page.getByRole('link', { name: /^Download .*\.docx$/ });
    await expect.poll(() => link.count()).toBe(1);
    await expect.poll(() => focused(page)).toMatch(/^Download/);
    const downloading = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const { value: text } = await mammoth.extractRawText({ buffer: readFileSync(await download.path()) });
    expect(text).toMatch(/Ocrevus/);
    expect(text).toContain('Sunday, August 30, 2026');
    expect(text).toContain('Member ID: U8812345601');
    expect(text).toContain('Before Ocrevus, I tried Kesimpta (ofatumumab)');

    expect(await unlabelled(page)).toEqual([]);
    expect(await lowContrast(page)).toEqual([]);
    // Phone-sized screen: nothing wider than the viewport.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(pageErrors).toEqual([]);

    // The picture for the README: a laptop-sized window showing the plan and the letter.
    mkdirSync('test-output', { recursive: true });
    await page.setViewportSize({ width: 960, height: 1200 });
    await summary.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: SCREENSHOT });
    if (process.env.UPDATE_SCREENSHOT === '1') copyFileSync(SCREENSHOT, 'docs/screenshot-web.png');
    await page.close();
  });

  it('"Forget me" empties the page and the next visit starts over', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.goto(base);
    const composer = page.getByLabel('Type your answer');
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/on the care team/);
    // Typing the insurer skips the first question.
    await composer.fill('cigna');
    await composer.press('Enter');
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/Which drug/);

    // Forget me asks first: Cancel keeps everything; "Delete my answers" deletes.
    await page.getByRole('button', { name: 'Forget me' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Delete everything you told me?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await focused(page)).toBe('Cancel');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.locator('.msg.user').count()).toBe(1);
    await page.getByRole('button', { name: 'Forget me' }).first().click();
    await dialog.getByRole('button', { name: 'Delete my answers' }).click();
    await expect.poll(() => page.locator('.msg.user').count()).toBe(0);
    const cookies = await browser.context.cookies(base);
    expect(cookies.find((c) => c.name === 'overturn_session')).toBeUndefined();

    await page.reload();
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/on the care team/);
    const session = (await browser.context.cookies(base)).find((c) => c.name === 'overturn_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await page.close();
  });
});
