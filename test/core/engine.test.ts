import { describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../src/core/session-store.js';
import { EncryptedSessionStore, parseSessionKey } from '../../src/core/stores/encrypted-store.js';
import { FaultyStore } from './faulty-store.js';
import { capturedLogger, notesEngine, notesFlow, text, textsOf } from './notes-flow.js';

const C = 'test:space:user';
const STORE_DOWN = /I can't save right now\. Please try again in a minute/;
const START_OVER = /let's start over/;

async function notesIn(store: MemorySessionStore | FaultyStore, conversation = C): Promise<string[] | undefined> {
  const record = await store.get(conversation);
  return (record?.data.state as { notes?: string[] } | undefined)?.notes;
}

describe('engine: turns and sessions', () => {
  it('saves each turn as JSON and continues from it', async () => {
    const store = new MemorySessionStore();
    const engine = notesEngine(store);
    expect(textsOf(await engine.handle(text(C, 'cigna', 'e1')))).toEqual(['#1:cigna']);
    expect(textsOf(await engine.handle(text(C, 'ocrevus', 'e2')))).toEqual(['#2:ocrevus']);
    const second = notesEngine(store);
    expect(textsOf(await second.handle(text(C, 'employer', 'e3')))).toEqual(['#3:employer']);
    expect(await notesIn(store)).toEqual(['cigna', 'ocrevus', 'employer']);
  });

  it('applies a re-delivered event once and says nothing the second time', async () => {
    const store = new MemorySessionStore();
    const engine = notesEngine(store);
    expect(textsOf(await engine.handle(text(C, 'cigna', 'Ev1')))).toEqual(['#1:cigna']);
    expect(await engine.handle(text(C, 'cigna', 'Ev1'))).toMatchObject({ replies: [], duplicate: true });
    expect(await notesIn(store)).toEqual(['cigna']);
  });

  it('applies turns of one conversation in the order they arrived', async () => {
    const store = new MemorySessionStore();
    const engine = notesEngine(store);
    const replies = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((w, i) => engine.handle(text(C, w, `e${i}`))));
    expect(replies.map(textsOf)).toEqual([['#1:a'], ['#2:b'], ['#3:c'], ['#4:d'], ['#5:e']]);
  });

  it('loads a session saved by an older version of the flow, migrated', async () => {
    const store = new MemorySessionStore();
    await store.put(C, { flow: 'notes', state: { v: 1, items: ['cigna'] }, seen: [] }, null, 3600);
    expect(textsOf(await notesEngine(store).handle(text(C, 'ocrevus')))).toEqual(['#2:ocrevus']);
    expect(await notesIn(store)).toEqual(['cigna', 'ocrevus']);
  });

  it('says "let\'s start over" for an unreadable session and logs it without its content', async () => {
    for (const data of [
      { flow: 'notes', state: { v: 99, secret: 'SECRET-DRUG-ocrevus' }, seen: [] },
      { flow: 'other-flow', state: { secret: 'SECRET-DRUG-ocrevus' } },
      { garbage: 'SECRET-DRUG-ocrevus' },
    ]) {
      const store = new MemorySessionStore();
      await store.put(C, data, null, 3600);
      const { logger, lines } = capturedLogger();
      const replies = textsOf(await notesEngine(store, { logger }).handle(text(C, 'cigna')));
      expect(replies[0]).toMatch(START_OVER);
      expect(replies.slice(1)).toEqual(['#1:cigna']);
      expect(await notesIn(store)).toEqual(['cigna']);
      expect(lines()).toContain('session_unreadable');
      expect(lines()).not.toContain('SECRET-DRUG');
    }
  });

  it('answers a bug in a flow step kindly, keeps the session, and logs no user text', async () => {
    const store = new MemorySessionStore();
    const { logger, lines } = capturedLogger();
    const engine = notesEngine(store, { logger });
    await engine.handle(text(C, 'cigna'));
    const replies = textsOf(await engine.handle(text(C, 'boom ocrevus-typed-by-user')));
    expect(replies).toEqual([expect.stringMatching(/something went wrong on my side/)]);
    expect(await notesIn(store)).toEqual(['cigna']);
    expect(lines()).toContain('flow_failed');
    expect(lines()).not.toContain('ocrevus-typed-by-user');
    expect(textsOf(await engine.handle(text(C, 'ocrevus')))).toEqual(['#2:ocrevus']);
  });

  it('reports a failed effect without losing the saved answer', async () => {
    const store = new MemorySessionStore();
    const engine = notesEngine(store, { runEffect: async () => Promise.reject(new Error('docx failed')) });
    await engine.handle(text(C, 'cigna'));
    const replies = textsOf(await engine.handle(text(C, 'letter')));
    expect(replies).toEqual(['building', expect.stringMatching(/Your answers are saved/)]);
  });
});

describe('engine: expiry', () => {
  it('starts fresh once a session has gone unused for its time to live, and each message renews it', async () => {
    let now = Date.parse('2026-04-01T12:00:00Z');
    const store = new MemorySessionStore(() => now);
    const engine = notesEngine(store, { ttlSeconds: 30 * 24 * 3600, now: () => now });
    await engine.handle(text(C, 'cigna'));
    now += 29 * 24 * 3600 * 1000;
    expect(textsOf(await engine.handle(text(C, 'ocrevus')))).toEqual(['#2:ocrevus']);
    now += 29 * 24 * 3600 * 1000;
    expect(textsOf(await engine.handle(text(C, 'employer')))).toEqual(['#3:employer']);
    now += 31 * 24 * 3600 * 1000;
    expect(await store.get(C)).toBeNull();
    expect(textsOf(await engine.handle(text(C, 'hello')))).toEqual(['#1:hello']);
  });
});

describe('engine: forget me', () => {
  it('deletes the session, says so, and tells the adapter in the outcome', async () => {
    const store = new MemorySessionStore();
    const engine = notesEngine(store);
    await engine.handle(text(C, 'cigna', 'e1'));
    await engine.handle(text('test:space:other', 'aetna', 'e2'));
    const outcome = await engine.handle(text(C, 'forget me', 'e3'));
    expect(textsOf(outcome)).toEqual(['Forgotten: I deleted everything.']);
    expect(outcome.forgotten).toBe(true);
    expect(await store.get(C)).toBeNull();
    expect(await notesIn(store, 'test:space:other')).toEqual(['aetna']);
    expect(textsOf(await engine.handle(text(C, 'hello', 'e4')))).toEqual(['#1:hello']);
  });

  it('says honestly when it could not delete, and deletes when asked again', async () => {
    const store = new FaultyStore(new MemorySessionStore());
    const engine = notesEngine(store);
    await engine.handle(text(C, 'cigna'));
    store.failDeletes = true;
    expect(textsOf(await engine.handle(text(C, 'forget me')))).toEqual([
      expect.stringMatching(/couldn't delete your answers/),
    ]);
    expect(await notesIn(store)).toEqual(['cigna']);
    store.failDeletes = false;
    expect(textsOf(await engine.handle(text(C, 'forget me')))).toEqual(['Forgotten: I deleted everything.']);
    expect(await store.get(C)).toBeNull();
  });

  it('drops answers kept during an outage when the user then asks to be forgotten', async () => {
    const store = new FaultyStore(new MemorySessionStore());
    const engine = notesEngine(store);
    await engine.handle(text(C, 'cigna'));
    store.down = true;
    await engine.handle(text(C, 'ocrevus'));
    store.down = false;
    const replies = textsOf(await engine.handle(text(C, 'forget me')));
    expect(replies.at(-1)).toBe('Forgotten: I deleted everything.');
    expect(await store.get(C)).toBeNull();
    expect(textsOf(await engine.handle(text(C, 'hello')))).toEqual(['#1:hello']);
  });
});

describe('engine: store failures', () => {
  it('says it cannot save, keeps the answer, and applies it once when the user tries again', async () => {
    const store = new FaultyStore(new MemorySessionStore());
    const { logger, lines } = capturedLogger();
    const engine = notesEngine(store, { logger });
    await engine.handle(text(C, 'cigna', 'e1'));
    store.down = true;
    expect(textsOf(await engine.handle(text(C, 'ocrevus', 'e2')))).toEqual([expect.stringMatching(STORE_DOWN)]);
    expect(textsOf(await engine.handle(text(C, 'ocrevus', 'e3')))).toEqual([expect.stringMatching(STORE_DOWN)]);
    store.down = false;
    expect(textsOf(await engine.handle(text(C, 'Ocrevus', 'e4')))).toEqual(['#2:Ocrevus']);
    expect(await notesIn(store)).toEqual(['cigna', 'Ocrevus']);
    expect(lines()).toContain('store_unavailable');
    expect(lines()).not.toContain('ocrevus');
  });

  it('applies the kept answer first when the user says something else after the outage', async () => {
    const store = new FaultyStore(new MemorySessionStore());
    const engine = notesEngine(store);
    await engine.handle(text(C, 'cigna'));
    store.down = true;
    await engine.handle(text(C, 'ocrevus'));
    await engine.handle(text(C, 'employer'));
    store.down = false;
    expect(textsOf(await engine.handle(text(C, 'first')))).toEqual(['#2:ocrevus', '#3:employer', '#4:first']);
    expect(await notesIn(store)).toEqual(['cigna', 'ocrevus', 'employer', 'first']);
  });

  it('never applies an answer twice when a write landed but its reply was lost', async () => {
    const store = new FaultyStore(new MemorySessionStore());
    const engine = notesEngine(store);
    await engine.handle(text(C, 'cigna'));
    store.loseNextPutReply = true;
    expect(textsOf(await engine.handle(text(C, 'ocrevus')))).toEqual([expect.stringMatching(STORE_DOWN)]);
    expect(textsOf(await engine.handle(text(C, 'employer')))).toEqual(['#3:employer']);
    expect(await notesIn(store)).toEqual(['cigna', 'ocrevus', 'employer']);
  });

  it('shows where the user is, without re-applying, when they re-send an answer that did land', async () => {
    const store = new FaultyStore(new MemorySessionStore());
    const engine = notesEngine(store);
    await engine.handle(text(C, 'cigna'));
    store.loseNextPutReply = true;
    await engine.handle(text(C, 'ocrevus'));
    expect(textsOf(await engine.handle(text(C, 'ocrevus')))).toEqual(['at 2']);
    expect(await notesIn(store)).toEqual(['cigna', 'ocrevus']);
  });

  it('drops a kept answer when the conversation has moved on in another replica', async () => {
    const shared = new MemorySessionStore();
    const flaky = new FaultyStore(shared);
    const a = notesEngine(flaky);
    const b = notesEngine(shared);
    await a.handle(text(C, 'cigna'));
    flaky.down = true;
    expect(textsOf(await a.handle(text(C, 'typo-answer')))).toEqual([expect.stringMatching(STORE_DOWN)]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(textsOf(await b.handle(text(C, 'ocrevus')))).toEqual(['#2:ocrevus']);
    flaky.down = false;
    expect(textsOf(await a.handle(text(C, 'employer')))).toEqual(['#3:employer']);
    expect(await notesIn(shared)).toEqual(['cigna', 'ocrevus', 'employer']);
  });

  it('never crashes on a store that throws, and recovers when it answers again', async () => {
    const store = new FaultyStore(new MemorySessionStore());
    const engine = notesEngine(store);
    store.down = true;
    for (let i = 0; i < 30; i += 1) {
      expect(textsOf(await engine.handle(text(`test:space:u${i % 3}`, `answer ${i}`)))).toEqual([
        expect.stringMatching(STORE_DOWN),
      ]);
    }
    store.down = false;
    const replies = textsOf(await engine.handle(text('test:space:u0', 'after')));
    expect(replies.at(-1)).toMatch(/:after$/);
    expect((await notesIn(store, 'test:space:u0'))?.at(-1)).toBe('after');
  });
});

describe('engine: encrypted sessions', () => {
  const keyA = parseSessionKey('a'.repeat(64));
  const keyB = parseSessionKey('b'.repeat(64));

  it('refuses to guess with the wrong key: a clear log line, the honest reply, and the session kept', async () => {
    const inner = new MemorySessionStore();
    await notesEngine(new EncryptedSessionStore(inner, { current: keyA, previous: [] })).handle(text(C, 'cigna'));
    const { logger, lines } = capturedLogger();
    const wrong = notesEngine(new EncryptedSessionStore(inner, { current: keyB, previous: [] }), { logger });
    expect(textsOf(await wrong.handle(text(C, 'ocrevus')))).toEqual([expect.stringMatching(STORE_DOWN)]);
    expect(lines()).toContain(`encrypted with key ${keyA.id}, which is not configured`);
    expect(lines()).toContain('SESSION_ENCRYPTION_KEY_PREVIOUS');
    const fixed = notesEngine(new EncryptedSessionStore(inner, { current: keyB, previous: [keyA] }));
    expect(textsOf(await fixed.handle(text(C, 'employer')))).toEqual(['#2:employer']);
  });

  it('starts over when a stored blob has been tampered with', async () => {
    const inner = new MemorySessionStore();
    const store = new EncryptedSessionStore(inner, { current: keyA, previous: [] });
    await notesEngine(store).handle(text(C, 'cigna'));
    const record = (await inner.get(C))!;
    const ct = Buffer.from(String(record.data.ct), 'base64');
    ct[0] = ct[0]! ^ 0xff;
    await inner.put(C, { ...record.data, ct: ct.toString('base64') }, record.version, 3600);
    const { logger, lines } = capturedLogger();
    const replies = textsOf(await notesEngine(store, { logger }).handle(text(C, 'ocrevus')));
    expect(replies[0]).toMatch(START_OVER);
    expect(replies[1]).toBe('#1:ocrevus');
    expect(lines()).toContain('session_unreadable');
  });
});

describe('engine: two replicas on one store', () => {
  it('loses no answer when both write the same conversation at once', async () => {
    const store = new MemorySessionStore();
    const a = notesEngine(store);
    const b = notesEngine(store);
    for (let round = 0; round < 20; round += 1) {
      await Promise.all([a.handle(text(C, `a${round}`)), b.handle(text(C, `b${round}`))]);
    }
    const notes = (await notesIn(store))!;
    expect(notes).toHaveLength(40);
    expect(new Set(notes).size).toBe(40);
  });

  it('applies a delivery that reached both replicas once', async () => {
    const store = new MemorySessionStore();
    const [ra, rb] = await Promise.all([
      notesEngine(store).handle(text(C, 'cigna', 'Ev9')),
      notesEngine(store).handle(text(C, 'cigna', 'Ev9')),
    ]);
    expect([...textsOf(ra), ...textsOf(rb)]).toEqual(['#1:cigna']);
    expect(await notesIn(store)).toEqual(['cigna']);
  });
});

describe('notes test flow', () => {
  it('is a proper flow: state round-trips through JSON', () => {
    const state = notesFlow.advance(notesFlow.initial(null), { kind: 'text', text: 'x' }, null).state;
    expect(notesFlow.load(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });
});
