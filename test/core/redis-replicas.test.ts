import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSessionStore } from '../../src/core/stores/redis-store.js';
import { deleteByPrefix, rawRedis, REDIS_URL, uniquePrefix } from './redis-helpers.js';
import { notesEngine, text, textsOf } from './notes-flow.js';

const prefix = uniquePrefix('replicas');
const raw = rawRedis();
const stores: RedisSessionStore[] = [];

/** One bot process: its own Redis connection, its own engine. */
async function replica() {
  const store = new RedisSessionStore({ url: REDIS_URL, keyPrefix: prefix });
  await store.connect();
  stores.push(store);
  /** Conversations another process deleted ("forget me"), as this one hears of them. */
  const forgotten: string[] = [];
  store.onRemoteDelete((key) => void forgotten.push(key));
  return { store, forgotten, engine: notesEngine(store) };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
}

beforeAll(async () => {
  await raw.ping();
});

afterAll(async () => {
  for (const store of stores) await store.close();
  await deleteByPrefix(raw, prefix);
  await raw.quit();
});

async function notesOf(store: RedisSessionStore, conversation: string): Promise<string[]> {
  const state = (await store.get(conversation))?.data.state as { notes: string[] } | undefined;
  return state?.notes ?? [];
}

/** Each reply `#n:word` must name the word at position n of the final list: nothing lost, nothing reordered. */
function expectRepliesMatch(notes: string[], replies: string[][]): void {
  for (const reply of replies) {
    expect(reply).toHaveLength(1);
    const [, n, word] = /^#(\d+):(.*)$/.exec(reply[0]!)!;
    expect(notes[Number(n) - 1]).toBe(word);
  }
}

describe('two bot processes sharing Redis', () => {
  it('lose no answer and reorder none under simultaneous and interleaved turns', async () => {
    const a = await replica();
    const b = await replica();
    const conversation = 'slack:T1:U-replicas';
    const rounds = 60;
    const replies: string[][] = [];
    for (let round = 0; round < rounds; round += 1) {
      // A user double-sending: two messages to A queued back to back, two to B, all at the same moment.
      const batch = await Promise.all([
        a.engine.handle(text(conversation, `a${round}.1`, `A-${round}-1`)),
        b.engine.handle(text(conversation, `b${round}.1`, `B-${round}-1`)),
        a.engine.handle(text(conversation, `a${round}.2`, `A-${round}-2`)),
        b.engine.handle(text(conversation, `b${round}.2`, `B-${round}-2`)),
      ]);
      replies.push(...batch.map(textsOf));
      // Then a plain alternation: A, B, A, one after another.
      for (const [engine, word] of [
        [a.engine, `a${round}.3`],
        [b.engine, `b${round}.3`],
        [a.engine, `a${round}.4`],
      ] as const) {
        replies.push(textsOf(await engine.handle(text(conversation, word, `ev-${word}`))));
      }
    }
    const notes = await notesOf(a.store, conversation);
    expect(notes).toHaveLength(rounds * 7);
    expect(new Set(notes).size).toBe(rounds * 7);
    expectRepliesMatch(notes, replies);
    // Within a round, each replica's own messages keep their order, and sequential turns follow each other.
    for (let round = 0; round < rounds; round += 1) {
      const at = (w: string) => notes.indexOf(w);
      expect(at(`a${round}.1`)).toBeLessThan(at(`a${round}.2`));
      expect(at(`b${round}.1`)).toBeLessThan(at(`b${round}.2`));
      expect(at(`a${round}.3`)).toBeLessThan(at(`b${round}.3`));
      expect(at(`b${round}.3`)).toBeLessThan(at(`a${round}.4`));
      if (round > 0) expect(at(`a${round - 1}.4`)).toBeLessThan(at(`a${round}.1`));
    }
  });

  it('apply the same platform event delivered to both processes once', async () => {
    const a = await replica();
    const b = await replica();
    const conversation = 'slack:T1:U-dupes';
    for (let round = 0; round < 30; round += 1) {
      const [ra, rb] = await Promise.all([
        a.engine.handle(text(conversation, `w${round}`, `Ev-${round}`)),
        b.engine.handle(text(conversation, `w${round}`, `Ev-${round}`)),
      ]);
      expect([...textsOf(ra), ...textsOf(rb)]).toEqual([`#${round + 1}:w${round}`]);
      expect((await b.engine.handle(text(conversation, `w${round}`, `Ev-${round}`))).replies).toEqual([]);
    }
    expect(await notesOf(a.store, conversation)).toEqual(Array.from({ length: 30 }, (_, i) => `w${i}`));
  });

  it('forget me on one process deletes the session for all, and every process drops what it keeps', async () => {
    const a = await replica();
    const b = await replica();
    const bystander = await replica();
    const conversation = 'slack:T1:U-forget';
    await a.engine.handle(text(conversation, 'cigna'));
    await a.engine.handle(text('slack:T1:U-someone-else', 'aetna'));
    const outcome = await b.engine.handle(text(conversation, 'forget me'));
    expect(textsOf(outcome)).toEqual(['Forgotten: I deleted everything.']);
    expect(outcome.forgotten).toBe(true);
    expect(await raw.exists(`${prefix}${conversation}`)).toBe(0);
    await until(() => a.forgotten.length > 0 && bystander.forgotten.length > 0);
    expect(a.forgotten).toEqual([conversation]);
    expect(bystander.forgotten).toEqual([conversation]);
    expect(textsOf(await a.engine.handle(text(conversation, 'hello')))).toEqual(['#1:hello']);
    expect(textsOf(await a.engine.handle(text('slack:T1:U-someone-else', 'ocrevus')))).toEqual(['#2:ocrevus']);
  });
});
