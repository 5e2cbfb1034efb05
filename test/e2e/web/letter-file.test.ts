import { afterEach, describe, expect, it } from 'vitest';
import type { WebReply } from '../../../src/adapters/web/messages.js';
import type { RunningApp } from '../../../src/server/app.js';
import { corpusLetters } from '../../denial/corpus/letters.js';
import { textPdf } from '../../denial/corpus/render.js';
import { lastQuestion, startWebApp, WebClient } from './harness.js';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

/** What the page's file picker and drop target send: the file's bytes as they are, with its type. */
async function upload(client: WebClient, bytes: Uint8Array, type: string, headers: Record<string, string> = {}) {
  const response = await fetch(new URL('api/web/letter-file', client.baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': type, ...(client.cookie ? { Cookie: client.cookie } : {}), ...headers },
    body: Buffer.from(bytes),
  });
  const cookie = response.headers.get('set-cookie');
  if (cookie) client.cookie = cookie.split(';')[0] ?? null;
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { replies?: WebReply[] },
  };
}

const textOf = (replies: WebReply[]) =>
  replies
    .map((r) => (r.kind === 'text' || r.kind === 'question' ? `${r.text} ${'hint' in r ? (r.hint ?? '') : ''}` : ''))
    .join('\n');

describe('web chat: the denial letter from the file picker or a drop', () => {
  it('reads the uploaded PDF into the same conversation and offers its answers with their source lines', async () => {
    app = await startWebApp();
    const client = new WebClient(`http://127.0.0.1:${app.port}/`);
    const start = await client.send({ kind: 'start' });
    expect(lastQuestion(start).acceptsFile).toBe(true);
    const letter = corpusLetters()[0]!; // Humana, Ozempic, March 3, 2026
    const answer = await upload(client, await textPdf(letter.text), 'application/pdf');
    expect(answer.status).toBe(200);
    const shown = textOf(answer.body.replies!);
    expect(shown).toContain('Here is what I found in your letter');
    expect(shown).toContain('Insurer: Humana — from “Humana”');
    expect(shown).toMatch(/Drug: Ozempic \(semaglutide\) — from “Medication requested: Ozempic/);
    const confirm = lastQuestion(answer.body.replies!);
    expect(confirm.step).toBe('letter');
    const used = await client.send({ kind: 'choice', step: 'letter', choice: 'use' });
    expect(lastQuestion(used).step).toBe('urgency');
  }, 120_000);

  it('refuses a file over the limit from its declared size, and a cross-site upload', async () => {
    app = await startWebApp();
    const client = new WebClient(`http://127.0.0.1:${app.port}/`);
    await client.send({ kind: 'start' });
    const big = await upload(client, new Uint8Array(16 * 1024 * 1024), 'application/pdf');
    expect(big.status).toBe(200);
    expect(big.headers.get('connection')).toBe('close');
    expect(textOf(big.body.replies!)).toContain('I can read files up to 15 MB');
    const forged = await upload(client, new Uint8Array([37, 80, 68, 70]), 'application/pdf', {
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(forged.status).toBe(403);
  }, 120_000);
});
