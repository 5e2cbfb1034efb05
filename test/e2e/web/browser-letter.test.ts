import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../../src/server/app.js';
import { corpusLetters } from '../../denial/corpus/letters.js';
import { textPdf } from '../../denial/corpus/render.js';
import { findChromium, launchChromium, type Browser } from './browser.js';
import { startWebApp } from './harness.js';

const executablePath = findChromium();
const inCi = process.env.CI === 'true';

describe.skipIf(!executablePath && !inCi)('web chat: sending the denial letter in a real browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let base: string;
  let pdf: Buffer;

  beforeAll(async () => {
    if (!executablePath) throw new Error('Chromium not found: .ci/run installs the Debian chromium package');
    app = await startWebApp();
    base = `http://127.0.0.1:${app.port}/`;
    browser = await launchChromium(executablePath, { width: 390, height: 844 });
    pdf = Buffer.from(await textPdf(corpusLetters()[0]!.text)); // Humana, Ozempic, March 3, 2026
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('the file picker (camera or files on a phone) sends the letter; its answers are used with one click', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base);
    await expect
      .poll(() => page.locator('#announcer').textContent())
      .toMatch(/are you the patient, helping someone, or on the care team/);
    expect(await page.locator('#letter-file').getAttribute('accept')).toBe('image/*,application/pdf');
    await page.setInputFiles('#letter-file', { name: 'denial.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect.poll(() => page.locator('.msg.user').last().textContent()).toContain('denial.pdf');
    await expect
      .poll(() => page.locator('.msg.bot').last().textContent(), { timeout: 60_000 })
      .toContain('Here is what I found in your letter');
    expect(await page.locator('.msg.bot').last().textContent()).toContain('Drug: Ozempic (semaglutide)');
    await page.getByRole('button', { name: 'Use these' }).click();
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/filled in what your letter says/);
    expect(errors).toEqual([]);
  }, 120_000);

  it('a file dropped on the chat is sent the same way', async () => {
    const page = await browser.context.newPage();
    await page.goto(base);
    // Same browser, same session: the conversation resumes where the first test left it.
    await expect.poll(() => page.locator('.msg.bot').count()).toBeGreaterThan(0);
    const before = await page.locator('.msg.user').count();
    const dataTransfer = await page.evaluateHandle(
      (bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], 'dropped.pdf', { type: 'application/pdf' }));
        return transfer;
      },
      [...pdf],
    );
    await page.dispatchEvent('body', 'dragover', { dataTransfer });
    expect(await page.locator('#drop-hint').isVisible()).toBe(true);
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await expect.poll(() => page.locator('.msg.user').count()).toBe(before + 1);
    expect(await page.locator('.msg.user').last().textContent()).toContain('dropped.pdf');
    await expect
      .poll(() => page.locator('.msg.bot').last().textContent(), { timeout: 60_000 })
      .toContain('Here is what I found in your letter');
  }, 120_000);
});
