import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/adapters/slack/blocks.js';
import { createBot, type Bot } from '../../../src/bot.js';
import { fixedClock } from '../../../src/core/clock.js';
import { translator } from '../../../src/core/i18n.js';
import { MemorySessionStore, type SessionRecord, type SessionStore } from '../../../src/core/session-store.js';
import type { SummaryReply } from '../../../src/core/types.js';
import type { SlackApiCall } from '../../fakes/slack-api.js';
import { CHANNEL, DM, PATIENT, startHarness, type Harness } from './harness.js';

const t = translator('en');
const clock = fixedClock('2026-04-01');
const conversation = `slack:${PATIENT.teamId}:${PATIENT.userId}`;

type Blocks = Array<{
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Array<{ type: string; value?: string; action_id: string }>;
}>;
const blocksOf = (call: SlackApiCall): Blocks => (call.params.blocks as Blocks | undefined) ?? [];

/** A session store whose reads wait until the test opens the gate: a store that is slow to answer. */
class GatedStore implements SessionStore {
  private readonly inner = new MemorySessionStore();
  private open: Promise<void>;
  private release!: () => void;
  constructor() {
    this.open = new Promise((resolve) => (this.release = resolve));
  }
  openGate(): void {
    this.release();
  }
  async get(key: string): Promise<SessionRecord | null> {
    await this.open;
    return this.inner.get(key);
  }
  put(...args: Parameters<SessionStore['put']>): Promise<number | null> {
    return this.inner.put(...args);
  }
  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('Slack delivery: signatures, retries, acknowledgement and limits', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('rejects a bad signature and a stale timestamp with 401 and changes nothing', async () => {
    const store = new MemorySessionStore();
    h = await startHarness({ bot: createBot({ clock, store }) });
    const forged = await h.sender.dm(PATIENT, 'hello', { signature: `v0=${'0'.repeat(64)}` });
    const stale = await h.sender.dm(PATIENT, 'hello', { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    const unsigned = await fetch(h.sender.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"event_callback"}',
    });
    await h.slack.settled();

    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    expect(h.api.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(await store.get(conversation)).toBeNull();
  });

  it('processes a redelivered event once', async () => {
    h = await startHarness({ bot: createBot({ clock }) });
    const mention = {
      type: 'app_mention',
      channel: CHANNEL,
      user: PATIENT.userId,
      text: '<@UBOT> help me appeal',
      ts: '5.000100',
    };
    expect((await h.sender.event(PATIENT, mention, { eventId: 'EvMention' })).status).toBe(200);
    await h.slack.settled();
    const firstCalls = h.api.calls.length;
    expect(h.api.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(h.api.callsTo('chat.postMessage').length).toBeGreaterThan(0);

    const retry = await h.sender.event(PATIENT, mention, { eventId: 'EvMention', retryNum: 1 });
    await h.slack.settled();

    expect(retry.status).toBe(200);
    expect(h.api.calls).toHaveLength(firstCalls);
  });

  it('acknowledges at once while the session store is slow, and a retry sent meanwhile is still processed once', async () => {
    const store = new GatedStore();
    h = await startHarness({ bot: createBot({ clock, store }) });

    // Both requests get their 200 while every store read is still waiting.
    const first = await h.sender.dm(PATIENT, 'hello', { eventId: 'EvSlow' });
    const retry = await h.sender.dm(PATIENT, 'hello', { eventId: 'EvSlow', retryNum: 1 });
    // A slash command is acknowledged by the adapter itself, not by Bolt.
    const command = await h.sender.command(
      { teamId: PATIENT.teamId, userId: 'U3' },
      '/appeal',
      CHANNEL,
      h.api.responseUrl('slow'),
    );
    expect([first.status, retry.status, command.status]).toEqual([200, 200, 200]);
    expect(h.api.callsTo('chat.postMessage')).toEqual([]);
    expect(h.api.responses).toEqual([]);

    store.openGate();
    await h.slack.settled();
    const posted = h.api.callsTo('chat.postMessage');
    expect(posted.length).toBeGreaterThan(0);
    const questions = posted.filter(
      (c) => c.params.channel === DM && blocksOf(c).some((b) => b.block_id?.startsWith('ovq|voice|')),
    );
    expect(questions).toHaveLength(1);
    expect(h.api.responses).toHaveLength(1);
  });

  it('finishes turns in flight when stopped, and refuses new requests with 503 so Slack retries elsewhere', async () => {
    const store = new GatedStore();
    h = await startHarness({ bot: createBot({ clock, store }) });
    expect((await h.sender.dm(PATIENT, 'hello')).status).toBe(200);
    const stopped = h.slack.stop();
    expect((await h.sender.dm(PATIENT, 'hello again')).status).toBe(503);
    store.openGate();
    await stopped;
    expect(
      h.api.callsTo('chat.postMessage').some((c) => blocksOf(c).some((b) => b.block_id?.startsWith('ovq|voice|'))),
    ).toBe(true);
  });

  it('splits a reply longer than Slack allows into several messages, losing nothing', async () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`);
    const summary: SummaryReply = {
      kind: 'summary',
      title: 'Your appeal plan',
      facts: [],
      deadlineHeading: 'Deadlines',
      deadlines: Array.from({ length: 60 }, (_, i) => ({
        id: `d${i}`,
        label: `Deadline ${i}`,
        dateText: 'Friday, May 1, 2026',
        due: '2026-05-01',
        daysLeftText: '30 days left',
        daysLeft: 30,
        status: 'open' as const,
        rule: `29 CFR 2560.503-1(i)(2)(ii) #${i}`,
      })),
      sections: [],
      nav: [{ command: 'help', label: 'Help' }],
    };
    const real = createBot({ clock });
    const bot: Bot = {
      ...real,
      handle: async () => ({
        replies: [{ kind: 'text', text: words.join(' ') }, summary],
        forgotten: false,
        isNew: false,
        duplicate: false,
        locale: 'en',
      }),
    };
    h = await startHarness({ bot });

    await h.sender.dm(PATIENT, 'status');
    await h.slack.settled();

    const posted = h.api.callsTo('chat.postMessage');
    const textMessages = posted.filter((c) => c.params.text === t('slack.messageFallback'));
    const summaryMessages = posted.filter((c) => String(c.params.text).startsWith('Your appeal plan'));
    expect(summaryMessages.length).toBeGreaterThan(1);
    for (const call of posted) {
      expect(blocksOf(call).length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      for (const block of blocksOf(call)) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    const typed = textMessages
      .flatMap(blocksOf)
      .map((b) => b.text?.text ?? '')
      .join(' ');
    expect(typed.split(/\s+/)).toEqual(words);
    const plan = JSON.stringify(summaryMessages.map(blocksOf));
    for (let i = 0; i < 60; i += 1) expect(plan).toContain(`*Deadline ${i}*`);
    expect(plan).toContain('"value":"help"');
  });

  it('publishes the Home tab, starts from its button, and greets a new user who opens the DM once', async () => {
    h = await startHarness({ bot: createBot({ clock }) });
    await h.sender.event(PATIENT, { type: 'app_home_opened', user: PATIENT.userId, channel: DM, tab: 'home' });
    await h.slack.settled();
    const [publish] = h.api.callsTo('views.publish');
    const view = publish?.params.view as { type: string; blocks: Blocks };
    expect(publish?.params.user_id).toBe(PATIENT.userId);
    expect(view.type).toBe('home');
    const start = view.blocks.flatMap((b) => b.elements ?? []).find((e) => e.type === 'button');
    expect(start).toBeDefined();
    expect(JSON.stringify(view.blocks)).toContain(t('slack.startButton'));

    await h.sender.action(PATIENT, {
      type: 'button',
      action_id: start!.action_id,
      block_id: 'ovhome',
      value: start!.value,
    });
    await h.slack.settled();
    expect(h.api.callsTo('chat.postEphemeral')).toEqual([]);
    expect(
      h.api
        .callsTo('chat.postMessage')
        .some((c) => c.params.channel === DM && blocksOf(c).some((b) => b.block_id?.startsWith('ovq|voice|'))),
    ).toBe(true);

    const other = { teamId: PATIENT.teamId, userId: 'U2' };
    const opened = { type: 'app_home_opened', user: other.userId, channel: 'DU2', tab: 'messages' };
    await h.sender.event(other, opened);
    await h.slack.settled();
    const greeted = h.api.callsTo('chat.postMessage').filter((c) => c.params.channel === 'DU2').length;
    expect(greeted).toBeGreaterThan(0);
    await h.sender.event(other, opened);
    await h.slack.settled();
    expect(h.api.callsTo('chat.postMessage').filter((c) => c.params.channel === 'DU2')).toHaveLength(greeted);
  });

  it('answers a mention in a channel ephemerally, without reading or repeating what was written there', async () => {
    h = await startHarness({ bot: createBot({ clock }) });
    await h.sender.event(PATIENT, {
      type: 'app_mention',
      channel: CHANNEL,
      user: PATIENT.userId,
      text: '<@UBOT> Cigna denied my Ocrevus',
      ts: '7.000100',
    });
    await h.slack.settled();
    const [notice] = h.api.callsTo('chat.postEphemeral');
    expect(notice?.params).toMatchObject({ channel: CHANNEL, user: PATIENT.userId, text: t('slack.movedToDm') });
    const dm = JSON.stringify(h.api.callsTo('chat.postMessage').map((c) => c.params));
    expect(dm).toContain('ovq|voice|');
    expect(dm).not.toMatch(/Ocrevus/);
  });

  it('runs the command buttons and typed commands, and "forget me" deletes the session', async () => {
    const store = new MemorySessionStore();
    h = await startHarness({ bot: createBot({ clock, store }) });
    await h.sender.dm(PATIENT, 'hi');
    await h.slack.settled();
    const navButton = (command: string) =>
      h!.api
        .callsTo('chat.postMessage')
        .flatMap(blocksOf)
        .filter((b) => b.block_id?.startsWith('ovnav|'))
        .flatMap((b) => (b.elements ?? []).map((e) => ({ ...e, block_id: b.block_id })))
        .find((e) => e.value === command);

    const help = navButton('help');
    expect(help).toBeDefined();
    let before = h.api.callsTo('chat.postMessage').length;
    await h.sender.action(
      PATIENT,
      { type: 'button', action_id: help!.action_id, block_id: help!.block_id, value: 'help' },
      DM,
    );
    await h.slack.settled();
    expect(h.api.callsTo('chat.postMessage').length).toBeGreaterThan(before);

    before = h.api.callsTo('chat.postMessage').length;
    await h.sender.dm(PATIENT, 'help');
    await h.slack.settled();
    expect(h.api.callsTo('chat.postMessage').length).toBeGreaterThan(before);

    expect(await store.get(conversation)).not.toBeNull();
    const forget = navButton('forget');
    await h.sender.action(
      PATIENT,
      { type: 'button', action_id: forget!.action_id, block_id: forget!.block_id, value: 'forget' },
      DM,
    );
    await h.slack.settled();
    expect(await store.get(conversation)).toBeNull();
  });

  it('answers Slack URL verification and a command sent in the DM itself without a channel notice', async () => {
    h = await startHarness({ bot: createBot({ clock }) });
    const challenge = await h.sender.post(
      JSON.stringify({ type: 'url_verification', token: 't', challenge: 'c-123' }),
      'application/json',
    );
    expect(await challenge.json()).toEqual({ challenge: 'c-123' });

    await h.sender.command(PATIENT, '/appeal', DM, h.api.responseUrl('in-dm'));
    await h.slack.settled();
    expect(h.api.responses).toEqual([]);
    expect(h.api.callsTo('chat.postMessage').some((c) => c.params.channel === DM)).toBe(true);
  });

  it('tells the user in the channel, privately, when it cannot open a DM', async () => {
    h = await startHarness({ bot: createBot({ clock }) });
    h.api.fail('conversations.open', 'cannot_dm_bot');
    await h.sender.command(PATIENT, '/appeal', CHANNEL, h.api.responseUrl('no-dm'));
    await h.slack.settled();
    expect(h.api.responses).toEqual([
      {
        path: '/respond/no-dm',
        body: expect.objectContaining({ response_type: 'ephemeral', text: t('slack.dmFailed') }),
      },
    ]);
    expect(h.api.callsTo('chat.postMessage')).toEqual([]);
  });

  it('logs failures with codes only, never what the user wrote', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    h = await startHarness({ bot: createBot({ clock, logger }), logger });
    await h.sender.event(PATIENT, {
      type: 'app_mention',
      channel: CHANNEL,
      user: PATIENT.userId,
      text: '<@UBOT> Cigna denied my Ocrevus',
      ts: '8.000100',
    });
    await h.slack.settled();
    await h.sender.dm(PATIENT, 'cigna');
    await h.sender.dm(PATIENT, 'ocrevus', { signature: 'v0=bad' });
    h.api.fail('chat.postMessage', 'channel_not_found');
    await h.sender.dm(PATIENT, 'Ocrevus for my multiple sclerosis');
    await h.slack.settled();

    const log = lines.join('');
    expect(log).toMatch(/"code":"platform_error"/);
    expect(log).toMatch(/slack_webapi_platform_error/);
    expect(log).not.toMatch(/cigna|ocrevus|sclerosis/i);
  });

  it('answers a reply typed in a thread of the DM in that thread, and a top-level message at the top level', async () => {
    h = await startHarness({ bot: createBot({ clock }) });
    await h.sender.dm(PATIENT, 'hi');
    await h.slack.settled();
    const before = h.api.callsTo('chat.postMessage').length;
    await h.sender.event(PATIENT, {
      type: 'message',
      channel_type: 'im',
      channel: DM,
      user: PATIENT.userId,
      text: 'cigna',
      ts: '5.000200',
      thread_ts: '5.000100',
    });
    await h.slack.settled();
    const inThread = h.api.callsTo('chat.postMessage').slice(before);
    expect(inThread.length).toBeGreaterThan(0);
    expect(inThread.map((c) => c.params.thread_ts)).toEqual(inThread.map(() => '5.000100'));
    expect(inThread.map((c) => c.params.text).join(' ')).toMatch(/Cigna|question/i);

    const mark = h.api.callsTo('chat.postMessage').length;
    await h.sender.dm(PATIENT, 'ocrevus');
    await h.slack.settled();
    const topLevel = h.api.callsTo('chat.postMessage').slice(mark);
    expect(topLevel.length).toBeGreaterThan(0);
    expect(topLevel.every((c) => c.params.thread_ts === undefined)).toBe(true);
  });
});
