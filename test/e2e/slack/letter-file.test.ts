import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../../src/bot.js';
import { fixedClock } from '../../../src/core/clock.js';
import { corpusLetters } from '../../denial/corpus/letters.js';
import { textPdf } from '../../denial/corpus/render.js';
import type { SlackApiCall } from '../../fakes/slack-api.js';
import { DM, PATIENT, startHarness, type Harness } from './harness.js';

const posted = (h: Harness): SlackApiCall[] => h.api.callsTo('chat.postMessage');
const textOf = (call: SlackApiCall) => `${String(call.params.text ?? '')}\n${JSON.stringify(call.params.blocks ?? [])}`;

describe('Slack: the denial letter shared in the DM', () => {
  let h: Harness;
  const bot = createBot({ clock: fixedClock('2026-11-30') });
  beforeAll(async () => {
    h = await startHarness({ bot });
  });
  afterAll(async () => {
    await h.close();
    await bot.close();
  });

  it('is downloaded with the bot token, read, and its answers offered with their source lines', async () => {
    const letter = corpusLetters()[28]!; // Express Scripts writing for Cigna, Cosentyx, step therapy
    const file = h.api.hostFile(await textPdf(letter.text), { name: 'denial.pdf', mimetype: 'application/pdf' });
    expect((await h.sender.fileShare(PATIENT, file)).status).toBe(200);
    await h.slack.settled();
    expect(h.api.fileDownloads).toEqual([{ path: expect.stringContaining('/files-pri/'), token: 'xoxb-test' }]);
    const texts = posted(h).map(textOf);
    expect(texts[0]).toContain('Reading your letter…');
    const found = texts.find((t) => t.includes('Here is what I found in your letter'))!;
    expect(found).toContain('Insurer: Cigna Healthcare');
    expect(found).toContain('Drug: Cosentyx');
    expect(found).toContain('Reason for the denial: Step therapy');
    expect(posted(h).every((c) => c.params.channel === DM)).toBe(true);
  }, 120_000);

  it('a file Slack will not hand over gets a kind answer, not silence', async () => {
    const before = posted(h).length;
    const file = h.api.hostFile(new Uint8Array([1, 2, 3]), { name: 'x.pdf', mimetype: 'application/pdf' });
    h.api.fileTokens.delete('xoxb-test');
    try {
      await h.sender.fileShare(PATIENT, file);
      await h.slack.settled();
    } finally {
      h.api.fileTokens.add('xoxb-test');
    }
    const after = posted(h).slice(before).map(textOf).join('\n');
    expect(after).toContain("I couldn't fetch that file from the chat service");
  }, 60_000);

  it('a file over the limit is refused from its size, without downloading it', async () => {
    const before = h.api.fileDownloads.length;
    const file = {
      ...h.api.hostFile(new Uint8Array(10), { name: 'big.pdf', mimetype: 'application/pdf' }),
      size: 30 * 1024 * 1024,
    };
    await h.sender.fileShare(PATIENT, file);
    await h.slack.settled();
    expect(h.api.fileDownloads.length).toBe(before);
    expect(posted(h).map(textOf).join('\n')).toContain('That file is 30.0 MB; I can read files up to 15 MB.');
  }, 60_000);
});
