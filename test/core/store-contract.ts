import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionStore } from '../../src/core/session-store.js';

/** One store under test, plus a way to let time pass for its expiry. */
export interface StoreHarness {
  store: SessionStore;
  /** Lets `seconds` pass as far as expiry is concerned (a fake clock, or real waiting). */
  elapse(seconds: number): Promise<void>;
  close(): Promise<void>;
}

/** Short enough for a store that expires in real time (Redis), long enough to survive a slow write. */
const TTL = 0.6;
const DAY = 24 * 60 * 60;

/**
 * The behaviour every SessionStore must have. Run it against each
 * implementation: `sessionStoreContract('sqlite', async () => …)`.
 */
export function sessionStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`SessionStore contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: SessionStore;

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.close();
    });

    it('returns null for a conversation it has never seen', async () => {
      expect(await store.get('slack:T1:nobody')).toBeNull();
    });

    it('creates a session only when none exists, and reads back what was written', async () => {
      const data = { flow: 'appeal', state: { step: 'drug', answers: { insurer: 'cigna' } }, seen: ['Ev1'] };
      const version = await store.put('slack:T1:U1', data, null, DAY);
      expect(version).toEqual(expect.any(Number));
      expect(await store.get('slack:T1:U1')).toEqual({ data, version });
      expect(await store.put('slack:T1:U1', { other: true }, null, DAY)).toBeNull();
      expect((await store.get('slack:T1:U1'))?.data).toEqual(data);
    });

    it('writes only over the version it read, and gives each write a new version', async () => {
      const v1 = (await store.put('k', { n: 1 }, null, DAY))!;
      const v2 = await store.put('k', { n: 2 }, v1, DAY);
      expect(v2).not.toBeNull();
      expect(v2).not.toBe(v1);
      expect(await store.put('k', { n: 3 }, v1, DAY)).toBeNull();
      expect(await store.get('k')).toEqual({ data: { n: 2 }, version: v2 });
    });

    it('refuses a versioned write to a conversation that does not exist', async () => {
      expect(await store.put('k', { n: 1 }, 41, DAY)).toBeNull();
      expect(await store.get('k')).toBeNull();
    });

    it('lets exactly one of many simultaneous writers of the same version win', async () => {
      const v1 = (await store.put('race', { winner: 'none' }, null, DAY))!;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => store.put('race', { winner: i }, v1, DAY)),
      );
      const winners = results.flatMap((version, i) => (version === null ? [] : [{ version, i }]));
      expect(winners).toHaveLength(1);
      expect(await store.get('race')).toEqual({ data: { winner: winners[0]!.i }, version: winners[0]!.version });
    });

    it('lets exactly one of many simultaneous creators win', async () => {
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.put('fresh', { i }, null, DAY)));
      expect(results.filter((v) => v !== null)).toHaveLength(1);
    });

    it('keeps conversations apart, including keys with encoded separators and non-ASCII', async () => {
      const keys = ['slack:T1:U1', 'slack:T1:U2', 'teams:a%3Ab:c%20d', 'web:x:é✓'];
      for (const [i, key] of keys.entries()) await store.put(key, { i }, null, DAY);
      for (const [i, key] of keys.entries()) expect((await store.get(key))?.data).toEqual({ i });
      await store.delete('slack:T1:U1');
      expect(await store.get('slack:T1:U1')).toBeNull();
      expect((await store.get('slack:T1:U2'))?.data).toEqual({ i: 1 });
    });

    it('round-trips JSON exactly: unicode, nesting, numbers, large values', async () => {
      const data = {
        text: 'Ocrévus – “letter” 日本語 🩺',
        nested: { list: [1, 2.5, -3, null, true, { deep: ['x'] }], empty: {} },
        big: 'a'.repeat(200_000),
      };
      const version = (await store.put('k', data, null, DAY))!;
      expect(await store.get('k')).toEqual({ data, version });
    });

    it('never shares objects with the caller', async () => {
      const data = { answers: { drug: 'ocrevus' } };
      await store.put('k', data, null, DAY);
      data.answers.drug = 'changed after put';
      const read = (await store.get('k'))!;
      expect(read.data).toEqual({ answers: { drug: 'ocrevus' } });
      (read.data.answers as { drug: string }).drug = 'changed after get';
      expect((await store.get('k'))!.data).toEqual({ answers: { drug: 'ocrevus' } });
    });

    it('deletes at once, and deleting a missing conversation is not an error', async () => {
      const v1 = (await store.put('k', { n: 1 }, null, DAY))!;
      await store.delete('k');
      expect(await store.get('k')).toBeNull();
      await expect(store.delete('k')).resolves.toBeUndefined();
      expect(await store.put('k', { stale: true }, v1, DAY)).toBeNull();
    });

    it('never reuses a version after delete, so a writer from before "forget me" cannot bring data back', async () => {
      const old = (await store.put('k', { secret: 'before forget' }, null, DAY))!;
      await store.delete('k');
      const fresh = (await store.put('k', { fresh: true }, null, DAY))!;
      expect(fresh).not.toBe(old);
      expect(await store.put('k', { secret: 'before forget' }, old, DAY)).toBeNull();
      expect((await store.get('k'))?.data).toEqual({ fresh: true });
    });

    it('expires a session after its time to live without writes', async () => {
      await store.put('k', { n: 1 }, null, TTL);
      expect(await store.get('k')).not.toBeNull();
      await harness.elapse(TTL + 0.3);
      expect(await store.get('k')).toBeNull();
      expect(await store.put('k', { n: 2 }, null, DAY)).not.toBeNull();
    });

    it('restarts the expiry on every write', async () => {
      const v1 = (await store.put('k', { n: 1 }, null, TTL))!;
      await harness.elapse(TTL * 0.6);
      const v2 = (await store.put('k', { n: 2 }, v1, TTL))!;
      await harness.elapse(TTL * 0.6);
      expect(await store.get('k')).toEqual({ data: { n: 2 }, version: v2 });
      await harness.elapse(TTL * 0.6);
      expect(await store.get('k')).toBeNull();
    });

    it('treats an expired session as absent when writing', async () => {
      const v1 = (await store.put('k', { n: 1 }, null, TTL))!;
      await harness.elapse(TTL + 0.3);
      expect(await store.put('k', { n: 2 }, v1, DAY)).toBeNull();
      expect(await store.put('k', { n: 3 }, null, DAY)).not.toBeNull();
    });
  });
}

/** A clock tests move by hand, for stores that take `now`. */
export function manualClock(start = Date.parse('2026-04-01T12:00:00Z')): {
  now: () => number;
  elapse(seconds: number): Promise<void>;
} {
  let current = start;
  return {
    now: () => current,
    elapse: async (seconds) => {
      current += seconds * 1000;
    },
  };
}
