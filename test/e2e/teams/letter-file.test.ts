import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusLetters } from '../../denial/corpus/letters.js';
import { textPdf } from '../../denial/corpus/render.js';
import { startFakeBotConnector, type ConnectorActivity, type FakeBotConnector } from '../../fakes/teams-connector.js';
import { adaptiveCards, texts } from './card-checks.js';
import { TeamsChat, startTeamsHarness, type TeamsHarness } from './harness.js';

let connector: FakeBotConnector;
let harness: TeamsHarness;

beforeAll(async () => {
  connector = await startFakeBotConnector();
  harness = await startTeamsHarness({ appId: null, appType: 'MultiTenant' }, { fileOrigins: [connector.url] });
});

afterAll(async () => {
  await harness?.close();
  await harness?.bot.close();
  await connector?.close();
});

const allText = (replies: ConnectorActivity[]) =>
  [...replies.map((r) => r.text ?? ''), ...replies.flatMap(adaptiveCards).flatMap(texts)].join('\n');

describe('Teams: the denial letter sent in the personal chat', () => {
  it('is fetched from its pre-authorized link (no bot token sent), read, and its answers offered', async () => {
    const chat = new TeamsChat(harness, connector);
    const letter = corpusLetters()[0]!; // Humana, Ozempic, Part D, March 3, 2026
    const attachment = connector.fileAttachment(await textPdf(letter.text), 'denial.pdf');
    const { status, replies } = await chat.send({ text: '', attachments: [attachment] });
    expect(status).toBe(200);
    expect(connector.fileDownloads).toEqual([{ tempauth: true, authorization: false }]);
    expect(replies[0]!.text).toBe('Reading your letter…');
    const shown = allText(replies);
    expect(shown).toContain('Here is what I found in your letter');
    expect(shown).toContain('Insurer: Humana');
    expect(shown).toContain('Drug: Ozempic');
    expect(shown).toContain('Plan type: Medicare Part D');
  }, 120_000);
});
