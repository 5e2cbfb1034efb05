import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReply } from '../../../src/adapters/teams/render.js';
import type { QuestionReply, Reply, SummaryReply } from '../../../src/core/types.js';
import { Conversation } from '../../helpers/chat.js';
import { findChromium, launchChromium, type Browser } from '../web/browser.js';
import { adaptiveCards } from './card-checks.js';

/**
 * Every card the Teams adapter sends, rendered by Microsoft's own Adaptive
 * Cards renderer (npm `adaptivecards`) in Chromium at a chat card's width:
 * about 440 px on the desktop, 320 px on a phone. Button titles must stay
 * whole, and clicking a button must do what real Teams does: a Submit with
 * the default `associatedInputs` is refused while a required input is empty.
 */
const executablePath = findChromium();
const inCi = process.env.CI === 'true';
const require = createRequire(import.meta.url);
const renderer = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');
const styles = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.css'), 'utf8');

/** Teams' layout of actions: a horizontal row whose buttons share the width. */
const HOST_CONFIG = {
  actions: { maxActions: 6, buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'stretch' },
};

interface Rendered {
  name: string;
  truncated: string[];
  overflow: number;
  clicks: Array<{ title: string; sent: boolean }>;
}

/** Every question and the plan the seed conversation shows, including the follow-ups (did you mean, confirm, change). */
async function teamsCards(): Promise<Array<{ name: string; card: object }>> {
  const c = new Conversation();
  const all: Reply[] = [];
  const keep = async (input: string | Parameters<Conversation['send']>[0]) => all.push(...(await c.send(input)));
  await keep({ kind: 'start' });
  // "Skip" answers who the user is, so the insurer card is shown too.
  const answers = [
    'skip',
    'cigna',
    'ocrevis',
    'yes',
    'not medically necessary',
    'employer',
    'first',
    '3/4/2026',
    '2026-03-03',
  ];
  for (const text of [...answers, 'no']) await keep(text);
  await keep('change');
  await keep('back');
  // The list of cases, as a nurse navigator sees it.
  await keep('new case');
  await keep('cases');
  const replies = all.filter((r): r is QuestionReply | SummaryReply => r.kind === 'question' || r.kind === 'summary');
  return replies.flatMap((reply, index) =>
    renderReply(reply, c.bot.t)
      .flatMap(adaptiveCards)
      .map((card) => ({ name: `${index} ${reply.kind === 'question' ? reply.step : 'summary'}`, card })),
  );
}

function renderAll(page: Page, cards: Array<{ name: string; card: object }>, width: number): Promise<Rendered[]> {
  return page.evaluate(
    ({ cards, width, hostConfig }) => {
      const AC = (window as unknown as { AdaptiveCards: any }).AdaptiveCards;
      document.body.replaceChildren();
      return cards.map(({ name, card }) => {
        const box = document.createElement('div');
        box.style.width = `${width}px`;
        document.body.append(box);
        const adaptive = new AC.AdaptiveCard();
        adaptive.hostConfig = new AC.HostConfig(hostConfig);
        adaptive.parse(card);
        box.append(adaptive.render());
        const truncated = Array.from(box.querySelectorAll<HTMLElement>('.ac-pushButton'))
          .filter((b) => b.offsetParent !== null && b.getAttribute('aria-label') !== 'More options')
          .filter((b) =>
            [b, ...Array.from(b.querySelectorAll<HTMLElement>('*'))].some((e) => e.scrollWidth > e.clientWidth + 1),
          )
          .map((b) => b.textContent ?? '');
        const overflow = box.querySelectorAll(
          '[aria-label="More options"], .ac-overflow-button, [title="More options"]',
        ).length;
        const clicks: Array<{ title: string; sent: boolean }> = [];
        let sent = false;
        adaptive.onExecuteAction = () => {
          sent = true;
        };
        for (const action of adaptive.getAllActions()) {
          if (action.getJsonTypeName() !== 'Action.Submit') continue;
          sent = false;
          action.execute();
          clicks.push({ title: action.title, sent });
        }
        return { name, truncated, overflow, clicks };
      });
    },
    { cards, width, hostConfig: HOST_CONFIG },
  );
}

describe.skipIf(!executablePath && !inCi)('Teams cards in the Adaptive Cards renderer at chat width', () => {
  let browser: Browser;
  let page: Page;
  let cards: Array<{ name: string; card: object }>;

  beforeAll(async () => {
    if (!executablePath) throw new Error('Chromium not found: .ci/run installs the Debian chromium package');
    browser = await launchChromium(executablePath, { width: 800, height: 800 });
    page = await browser.context.newPage();
    await page.setContent('<!doctype html><html><head></head><body></body></html>');
    await page.addStyleTag({ content: styles });
    await page.addScriptTag({ content: renderer });
    cards = await teamsCards();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [440, 320]) {
    it(`${width} px: no button title is cut, and the navigation sits in the "…" menu`, async () => {
      const rendered = await renderAll(page, cards, width);
      expect(rendered.length).toBeGreaterThan(10);
      expect(
        rendered.filter((r) => r.truncated.length > 0).map((r) => `${r.name}: ${r.truncated.join(' | ')}`),
      ).toEqual([]);
      for (const r of rendered.filter((r) => !r.name.endsWith('summary'))) expect(r.overflow, r.name).toBe(1);
    });
  }

  it('every button but "Continue" works with the required input left empty, as in real Teams', async () => {
    const rendered = await renderAll(page, cards, 440);
    const refused = rendered.flatMap((r) =>
      r.clicks.filter((c) => !c.sent && c.title !== 'Continue').map((c) => `${r.name}: ${c.title}`),
    );
    expect(refused).toEqual([]);
    // "Continue" on an empty required input is refused by the renderer itself: the check is real.
    const insurer = rendered.find((r) => r.name.endsWith('insurer'))!;
    expect(insurer.clicks.find((c) => c.title === 'Continue')).toEqual({ title: 'Continue', sent: false });
    expect(insurer.clicks.filter((c) => c.sent).map((c) => c.title)).toEqual(
      expect.arrayContaining(['Help', 'Forget me']),
    );
  });
});
