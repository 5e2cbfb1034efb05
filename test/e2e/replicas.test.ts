import mammoth from 'mammoth';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisSessionStore } from '../../src/core/stores/redis-store.js';
import { serverSecrets } from '../../src/core/stores/secrets.js';
import type { WebFileReply, WebReply } from '../../src/adapters/web/messages.js';
import type { RunningApp } from '../../src/server/app.js';
import { deleteByPrefix, rawRedis, REDIS_URL, uniquePrefix } from '../core/redis-helpers.js';
import { startFakeBotConnector, type FakeBotConnector } from '../fakes/teams-connector.js';
import { startTeamsHarness, TeamsChat, type TeamsHarness } from './teams/harness.js';
import { choiceId, lastQuestion, startWebApp, WebClient } from './web/harness.js';

/**
 * Two replicas of the server share one Redis and no memory: a letter made
 * on one is served by the other (a web download, a Teams file consent), so
 * no sticky sessions are needed.
 */
const prefix = uniquePrefix('letters');
const raw = rawRedis();
const stores: RedisSessionStore[] = [];
const cleanup: Array<() => Promise<void>> = [];

async function redisStore(): Promise<RedisSessionStore> {
  const store = new RedisSessionStore({ url: REDIS_URL, keyPrefix: prefix });
  await store.connect();
  stores.push(store);
  return store;
}

afterAll(async () => {
  for (const close of cleanup.reverse()) await close();
  await deleteByPrefix(raw, prefix);
  await raw.quit();
});

async function docxText(bytes: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: bytes })).value;
}

/** Replicas share SESSION_SECRET, as docs/storage.md requires with Redis: each accepts the others' session ids. */
const secrets = serverSecrets({ dataDir: '', redisUrl: REDIS_URL, secret: 'replicas-test-secret-of-32-characters' });

async function webReplica(): Promise<{ app: RunningApp; client: WebClient }> {
  const app = await startWebApp({}, undefined, await redisStore(), secrets);
  cleanup.push(() => app.stop());
  return { app, client: new WebClient(`http://127.0.0.1:${app.port}/`) };
}

describe('two replicas sharing Redis', () => {
  it('serve a web letter download made on the other replica', async () => {
    const a = await webReplica();
    const b = await webReplica();
    let replies: WebReply[] = await a.client.send({ kind: 'start' });
    for (const text of ['cigna', 'ocrevus', 'not medically necessary', 'employer', 'first', '2026-03-03', 'no']) {
      replies = await a.client.send({ kind: 'text', text });
    }
    const author = lastQuestion(replies);
    replies = await a.client.send({ kind: 'choice', step: author.step, choice: choiceId(author, /^patient$/) });
    // The letter details go to the shared store too (their own key), so the other replica's letter has them.
    const details = lastQuestion(replies);
    replies = await a.client.send({ kind: 'form', step: details.step, values: { memberId: 'U8812345601' } });
    const file = replies.find((r): r is WebFileReply => r.kind === 'file');
    expect(file).toBeDefined();

    // The same browser, sent to the other replica by the load balancer.
    b.client.cookie = a.client.cookie;
    const download = await b.client.get(file!.url);
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.byteLength).toBe(file!.size);
    expect(await docxText(bytes)).toMatch(/Ocrevus/);
    expect(await docxText(bytes)).toContain('Member ID: U8812345601');

    // Without the session's cookie, neither replica hands it out.
    expect((await new WebClient(`http://127.0.0.1:${b.app.port}/`).get(file!.url)).status).toBe(404);
  });

  it('serve a Teams file consent for a letter offered by the other replica', async () => {
    const connector: FakeBotConnector = await startFakeBotConnector();
    cleanup.push(() => connector.close());
    const harnesses: TeamsHarness[] = [];
    for (let i = 0; i < 2; i += 1) {
      const harness = await startTeamsHarness({ appId: null, appType: 'MultiTenant' }, { store: await redisStore() });
      harnesses.push(harness);
      cleanup.push(() => harness.close());
    }
    const fields = { conversationId: 'a:personal-replicas', from: { id: '29:replicas', aadObjectId: 'aad-replicas' } };
    const onA = new TeamsChat(harnesses[0]!, connector, fields);
    const onB = new TeamsChat(harnesses[1]!, connector, fields);

    let { replies } = await onA.say('hello');
    for (const text of [
      'cigna',
      'ocrevus',
      'not medically necessary',
      'employer',
      'first',
      '2026-03-03',
      'no',
      'patient',
      'skip',
    ]) {
      ({ replies } = await onA.say(text));
    }
    const consent = replies
      .flatMap((r) => r.attachments ?? [])
      .find((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    expect(consent).toBeDefined();

    // Teams sends the user's "Allow" to whichever replica its request reaches.
    const uploadsBefore = connector.uploads.length;
    const turn = await onB.invoke('fileConsent/invoke', {
      type: 'fileUpload',
      action: 'accept',
      context: consent!.content.acceptContext,
      uploadInfo: {
        name: consent!.name,
        uploadUrl: connector.uploadUrl(consent!.name!),
        contentUrl: 'https://contoso-my.sharepoint.com/personal/nurse/Documents/letter.docx',
        uniqueId: 'F1A2B3C4-0000-4000-8000-000000000002',
        fileType: 'docx',
      },
    });
    expect(turn.status).toBe(200);
    expect(connector.uploads.length).toBe(uploadsBefore + 1);
    const upload = connector.uploads.at(-1)!;
    expect(upload.body.length).toBe(consent!.content.sizeInBytes);
    expect(await docxText(upload.body)).toMatch(/Ocrevus/);
  });
});
