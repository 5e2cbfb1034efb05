import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../../src/core/i18n.js';
import { startFakeBotConnector, type FakeBotConnector } from '../../fakes/teams-connector.js';
import { adaptiveCards, continueAction } from './card-checks.js';
import { startTeamsHarness, TeamsChat, teamsActivity, type TeamsHarness } from './harness.js';

const t = translator('en');

/**
 * One user's messages and card submits, faster than the bot answers, through
 * the real CloudAdapter: each turn's replies reach the Bot Connector before
 * the next turn's, and a second submit of the same card posts nothing.
 */
let connector: FakeBotConnector | null = null;
let harness: TeamsHarness | null = null;
afterEach(async () => {
  await harness?.close();
  await connector?.close();
  harness = null;
  connector = null;
});

const CHAT = { conversationId: 'a:personal-order', from: { id: '29:order', aadObjectId: 'aad-order' } };

async function started(): Promise<{ chat: TeamsChat; harness: TeamsHarness; connector: FakeBotConnector }> {
  connector = await startFakeBotConnector();
  harness = await startTeamsHarness({ appId: null, appType: 'MultiTenant' });
  const chat = new TeamsChat(harness, connector, CHAT);
  await chat.say('hi');
  // The connector answers in tens of milliseconds, not instantly: the race needs that time to show.
  connector.setLatency(60);
  return { chat, harness, connector };
}

/**
 * Posts each activity as soon as the bot has started answering the one before
 * (its first reply reached the connector), without waiting for the turn to finish.
 */
async function quickly(h: TeamsHarness, c: FakeBotConnector, fields: Array<Record<string, unknown>>): Promise<void> {
  const posts: Array<Promise<unknown>> = [];
  for (const field of fields) {
    const seen = c.activities.length;
    posts.push(h.post(teamsActivity(c, { ...CHAT, ...field })));
    while (c.activities.length === seen) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(posts);
  await h.adapter.settled();
}

const shown = (c: FakeBotConnector, from: number): string[] =>
  c.activities.slice(from).map((posted) => JSON.stringify(posted.activity));

describe('Teams: replies in order', () => {
  it('a message is answered 200 as soon as it is received; its replies follow, in order', async () => {
    const { harness: h, connector: c } = await started();
    c.setLatency(400);
    const mark = c.activities.length;
    const sent = performance.now();
    const response = await h.post(teamsActivity(c, { ...CHAT, text: 'Cigna' }));
    expect(response.status).toBe(200);
    expect(performance.now() - sent).toBeLessThan(400);
    expect(c.activities.length).toBe(mark);
    await h.adapter.settled();
    expect(shown(c, mark).join('\n')).toContain(t('appeal.drug.question'));
  });

  it('"Cigna" then "Ocrevus" sent quickly: the drug question comes before "Drug: Ocrevus"', async () => {
    const { harness: h, connector: c } = await started();
    const mark = c.activities.length;
    await quickly(h, c, [{ text: 'Cigna' }, { text: 'Ocrevus' }]);

    const sent = shown(c, mark);
    const drugQuestion = sent.findIndex((s) => s.includes(t('appeal.drug.question')));
    const drugAnswered = sent.findIndex((s) => /Drug: Ocrevus/.test(s));
    const reasonQuestion = sent.findIndex((s) => s.includes(t('appeal.reason.question')));
    expect(drugQuestion).toBeGreaterThan(-1);
    expect(drugAnswered).toBeGreaterThan(drugQuestion);
    expect(reasonQuestion).toBeGreaterThan(drugAnswered);
  });

  it('a double submit of an answer posts the next question once, with no "earlier question" notice', async () => {
    const { chat, harness: h, connector: c } = await started();
    await chat.say('cigna');
    const turn = await chat.say('ocrevus');
    const card = turn.replies.flatMap(adaptiveCards).at(-1)!;
    const submit = { ...continueAction(card).data, choice: 'medical-necessity' };
    const mark = c.activities.length;

    await quickly(h, c, [{ value: submit }, { value: submit }]);

    const sent = shown(c, mark);
    expect(sent.filter((s) => s.includes(t('appeal.plan.question')))).toHaveLength(1);
    expect(sent.join('\n')).not.toContain(t('appeal.staleChoice'));
  });
});
