import { ServiceClientCredentialsFactory, TokenCredentials } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotFrameworkEndpoints } from '../../../src/adapters/teams/index.js';
import { conversationKey } from '../../../src/core/conversation.js';
import { startFakeBotConnector, type FakeBotConnector } from '../../fakes/teams-connector.js';
import { TENANT_ID, TeamsChat, USER_AAD_ID, startTeamsHarness, type TeamsHarness } from './harness.js';

/**
 * With an app id set, the adapter checks every request's Bot Connector token.
 * The connector's OpenID metadata and signing key are served on loopback, so
 * the real validation code runs offline.
 */
const APP_ID = '6f2e1a0c-8d4b-4e55-9a61-3c0b7f2d9e10';
const OUTBOUND_TOKEN = 'loopback-outbound-token';

/** Replies are signed with a fixed token instead of asking Microsoft Entra for one. */
class LoopbackCredentials extends ServiceClientCredentialsFactory {
  override async isValidAppId(appId: string): Promise<boolean> {
    return appId === APP_ID;
  }
  override async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  override async createCredentials(): Promise<TokenCredentials> {
    return new TokenCredentials(OUTBOUND_TOKEN);
  }
}

let connector: FakeBotConnector;
let harness: TeamsHarness;
let chat: TeamsChat;

beforeAll(async () => {
  connector = await startFakeBotConnector();
  const endpoints: BotFrameworkEndpoints = {
    toBotFromChannelOpenIdMetadataUrl: connector.openIdMetadataUrl,
    toBotFromChannelTokenIssuer: connector.issuer,
    toBotFromEmulatorOpenIdMetadataUrl: connector.openIdMetadataUrl,
    toChannelFromBotLoginUrl: `${connector.url}/login`,
    toChannelFromBotOAuthScope: 'https://api.botframework.com',
    oAuthUrl: `${connector.url}/oauth`,
    callerId: 'urn:botframework:loopback',
  };
  harness = await startTeamsHarness(
    { appId: APP_ID, appPassword: 'client-secret', appType: 'MultiTenant' },
    { endpoints, credentialsFactory: new LoopbackCredentials() },
  );
  chat = new TeamsChat(harness, connector, { conversationId: 'a:personal-auth' });
});

afterAll(async () => {
  await harness?.close();
  await connector?.close();
});

const sessionKey = () => conversationKey({ platform: 'teams', space: TENANT_ID, user: USER_AAD_ID });

describe('Teams with an app id', () => {
  it('refuses a request without a token (401) and runs nothing', async () => {
    const turn = await chat.say('hello');
    expect(turn.status).toBe(401);
    expect(turn.replies).toEqual([]);
    expect(await harness.store.get(sessionKey())).toBeNull();
  });

  it('refuses tokens that are forged, expired, from another issuer, for another bot or another service URL', async () => {
    const tokens = [
      await connector.signToken(APP_ID, { signWith: 'stranger' }),
      await connector.signToken(APP_ID, { expired: true }),
      await connector.signToken(APP_ID, { issuer: 'https://api.botframework.com' }),
      await connector.signToken('00000000-0000-0000-0000-000000000000'),
      await connector.signToken(APP_ID, { serviceUrl: 'https://smba.example.net/' }),
      'not-a-jwt',
    ];
    for (const token of tokens) {
      const turn = await chat.send({ text: 'hello' }, { token });
      expect(turn.status).toBe(401);
      expect(turn.replies).toEqual([]);
    }
    expect(await harness.store.get(sessionKey())).toBeNull();
  });

  it('accepts an activity signed by the connector, and signs its replies', async () => {
    const token = await connector.signToken(APP_ID);
    const turn = await chat.send({ text: 'hello' }, { token });
    expect(turn.status).toBe(200);
    expect(turn.replies[0]!.text).toMatch(/not legal or medical advice/i);
    const posted = connector.activities.filter((a) => a.conversationId === 'a:personal-auth');
    expect(posted.length).toBeGreaterThan(0);
    for (const reply of posted) expect(reply.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    expect(await harness.store.get(sessionKey())).not.toBeNull();
  });
});
