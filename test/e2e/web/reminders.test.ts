import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../../src/server/app.js';
import { TYPED_TO_REMINDERS, WEEK_REMINDER } from '../../helpers/reminder-scenario.js';
import { movableClock } from '../../helpers/movable-clock.js';
import { startWebApp, WebClient } from './harness.js';

const words = (replies: Array<{ kind: string; text?: string }>) => replies.map((r) => r.text ?? r.kind);

/** The web chat cannot be messaged: reminders wait for the user to come back, through the real server and API. */
describe('web chat: reminders shown when the user comes back', () => {
  const clock = movableClock('2026-04-01T15:00:00Z');
  let app: RunningApp;
  let client: WebClient;

  beforeAll(async () => {
    app = await startWebApp({}, undefined, undefined, undefined, clock);
    client = new WebClient(app.url);
    await client.send({ kind: 'start' });
    for (const text of TYPED_TO_REMINDERS.slice(1, -1)) await client.send({ kind: 'text', text });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('says it cannot message, and that it will show reminders here', async () => {
    const yes = await client.send({ kind: 'text', text: 'yes' });
    expect(words(yes)[0]).toMatch(/^Done\. When you come back here on or after these dates/);
  });

  it('shows nothing early, then the due reminder once when the page is opened again', async () => {
    clock.set('2026-08-13T12:00:00Z');
    expect(words(await client.send({ kind: 'start' })).join('\n')).not.toMatch(/Reminder:/);
    clock.set('2026-08-15T12:00:00Z');
    const back = await client.send({ kind: 'start' });
    expect(words(back)).toEqual([expect.stringMatching(WEEK_REMINDER)]);
    expect(words(await client.send({ kind: 'start' })).join('\n')).not.toMatch(/Reminder:/);
    expect(words(await client.send({ kind: 'text', text: 'status' }))[0]).toContain('Reminders pending:');
  });
});
