import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKey } from '../../../src/core/conversation.js';
import { startFakeBotConnector, type FakeBotConnector } from '../../fakes/teams-connector.js';
import { actions, adaptiveCards, expectCardRules, inputs, texts } from './card-checks.js';
import { BOT_ID, TENANT_ID, TeamsChat, USER_AAD_ID, startTeamsHarness, type TeamsHarness } from './harness.js';

/** In a channel or group chat the bot never runs the flow: it points to a personal chat and asks nothing. */
let connector: FakeBotConnector;
let harness: TeamsHarness;

beforeAll(async () => {
  connector = await startFakeBotConnector();
  harness = await startTeamsHarness({ appId: null, appType: 'MultiTenant' });
});

afterAll(async () => {
  await harness?.close();
  await connector?.close();
});

const mention = {
  text: "<at>Overturn</at> my patient's Ocrevus was denied by Cigna, can you help?",
  entities: [{ type: 'mention', text: '<at>Overturn</at>', mentioned: { id: BOT_ID, name: 'Overturn' } }],
};

describe('Teams channel and group chat', () => {
  for (const conversationType of ['channel', 'groupChat'] as const) {
    it(`a mention in a ${conversationType} gets the privacy redirect and no question`, async () => {
      const chat = new TeamsChat(harness, connector, {
        conversationType,
        conversationId:
          conversationType === 'channel'
            ? '19:ward-team@thread.tacv2;messageid=1700000000000'
            : '19:group-chat@thread.v2',
        channelData: {
          tenant: { id: TENANT_ID },
          ...(conversationType === 'channel' ? { channel: { id: '19:ward-team@thread.tacv2' } } : {}),
        },
      });
      const turn = await chat.send(mention);
      expect(turn.status).toBe(200);
      expect(turn.replies).toHaveLength(1);

      const [card] = adaptiveCards(turn.replies[0]!);
      expectCardRules(card!);
      expect(texts(card!).join(' ')).toMatch(/personal chat/);
      expect(inputs(card!)).toEqual([]);
      expect(actions(card!)).toEqual([
        expect.objectContaining({
          type: 'Action.OpenUrl',
          url: `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(BOT_ID)}`,
        }),
      ]);
      const posted = JSON.stringify(turn.replies);
      expect(posted).not.toMatch(/ocrevus|cigna/i);
      expect(posted).not.toMatch(/which insurance|which drug/i);
      expect(turn.replies[0]!.text ?? '').not.toMatch(/\?/);

      // Nothing about the case was stored for this user.
      expect(
        await harness.store.get(conversationKey({ platform: 'teams', space: TENANT_ID, user: USER_AAD_ID })),
      ).toBeNull();
    });
  }

  it('installed in a team, it introduces itself with the same redirect only', async () => {
    const chat = new TeamsChat(harness, connector, {
      conversationType: 'channel',
      conversationId: '19:ward-team@thread.tacv2',
    });
    const turn = await chat.send({ type: 'conversationUpdate', membersAdded: [{ id: BOT_ID }] });
    expect(turn.status).toBe(200);
    expect(turn.replies).toHaveLength(1);
    expect(actions(adaptiveCards(turn.replies[0]!)[0]!)[0]).toMatchObject({ type: 'Action.OpenUrl' });
  });

  it('installed for one person, it greets in the personal chat', async () => {
    const chat = new TeamsChat(harness, connector, {
      conversationId: 'a:personal-install',
      from: { id: '29:installer', aadObjectId: 'aad-installer' },
    });
    const turn = await chat.send({ type: 'conversationUpdate', membersAdded: [{ id: BOT_ID }] });
    expect(turn.replies[0]!.text).toMatch(/not legal or medical advice/i);
    expect(adaptiveCards(turn.replies.at(-1)!)[0]).toBeDefined();
  });
});
