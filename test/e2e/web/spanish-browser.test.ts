import { readFileSync } from 'node:fs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../../src/server/app.js';
import { findChromium, launchChromium, type Browser } from './browser.js';
import { startWebApp } from './harness.js';

const executablePath = findChromium();
const inCi = process.env.CI === 'true';

/**
 * A whole appeal in Spanish in headless Chromium whose language is Spanish:
 * the page, its controls, the questions, the plan and the notes page of the
 * letter are in Spanish; "English" switches the page and the conversation.
 */
describe.skipIf(!executablePath && !inCi)('web chat in Spanish in a real browser (headless Chromium)', () => {
  let app: RunningApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    if (!executablePath) throw new Error('Chromium not found: .ci/run installs the Debian chromium package');
    app = await startWebApp();
    base = `http://127.0.0.1:${app.port}/`;
    browser = await launchChromium(executablePath, { width: 390, height: 844 }, 'es-MX');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('completes an appeal in Spanish from the browser language, then switches to English', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(base);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await page.title()).toBe('Overturn: apelar la denegación de un medicamento');

    // Who is writing comes first; skipping it goes on to the insurer.
    const skip = page.getByRole('button', { name: 'Omitir', exact: true });
    await expect.poll(() => skip.count()).toBe(1);
    await skip.click();

    const insurer = page.getByLabel('Elija de la lista');
    await expect.poll(() => insurer.count()).toBe(1);
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/compañía de seguros/);
    await insurer.selectOption({ label: 'Cigna Healthcare' });
    await page.getByRole('button', { name: 'Elegir', exact: true }).click();

    const composer = page.getByLabel('Escriba su respuesta');
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/¿Qué medicamento negaron\?/);
    await composer.fill('ocrevus');
    await composer.press('Enter');
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/¿Qué motivo dieron/);
    await composer.fill('no es médicamente necesario');
    await composer.press('Enter');
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/¿Qué tipo de plan es\?/);
    await composer.fill('mi trabajo');
    await composer.press('Enter');
    await page.getByRole('button', { name: 'Primera denegación' }).click();

    const date = page.getByLabel('Elija la fecha');
    await expect.poll(() => date.count()).toBe(1);
    await date.fill('2026-03-03');
    await page.getByRole('button', { name: 'Usar esta fecha' }).click();
    await page.getByRole('button', { name: 'No, el tiempo normal está bien' }).click();

    const summary = page.locator('section.summary');
    await expect.poll(() => summary.count()).toBe(1);
    expect(await summary.getByRole('heading', { level: 2 }).textContent()).toBe('Su plan de apelación');
    const deadlines = (await summary.locator('.deadline').allTextContents()).join('\n');
    expect(deadlines).toContain('domingo 30 de agosto de 2026');
    expect(deadlines).toContain('Regla: 29 CFR 2560.503-1(h)(3)(i)');
    expect(deadlines).toContain('Vence');

    await page.getByRole('button', { name: 'Yo (paciente o representante)' }).click();
    await page.getByRole('button', { name: 'Omitir, dejar los espacios' }).click();
    const link = page.getByRole('link', { name: /^Descargar .*\.docx$/ });
    await expect.poll(() => link.count()).toBe(1);
    expect(await page.locator('.msg.bot').allTextContents()).toContainEqual(
      expect.stringContaining('La carta está en inglés porque el plan y sus revisores leen inglés.'),
    );
    const downloading = page.waitForEvent('download');
    await link.click();
    const { value: letter } = await mammoth.extractRawText({
      buffer: readFileSync(await (await downloading).path()),
    });
    expect(letter).toContain('Dear Appeals Reviewer');
    expect(letter).toContain('Antes de enviar esta carta');

    // "English": the conversation and the page's own words switch, without a reload.
    await composer.fill('English');
    await composer.press('Enter');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('button', { name: 'Send', exact: true }).count()).toBe(1);
    expect(await page.getByLabel('Type your answer').count()).toBe(1);
    await expect.poll(() => page.locator('#announcer').textContent()).toMatch(/we.ll go on in English/);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
