import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobStore } from '../../src/core/jobs/job-store.js';

/** One job store under test. */
export interface JobStoreHarness {
  store: JobStore;
  /** Another handle on the same jobs (a second process); the memory store returns itself. */
  another(): Promise<JobStore>;
  /** Closes the store and opens it again on the same data (a restart); absent for memory. */
  reopen?(): Promise<JobStore>;
  close(): Promise<void>;
}

const T0 = Date.parse('2026-05-01T16:00:00Z');
const MIN = 60_000;
const LEASE = 5 * MIN;

/** The behaviour every JobStore must have; run it against each implementation. */
export function jobStoreContract(name: string, open: () => Promise<JobStoreHarness>): void {
  describe(`JobStore contract: ${name}`, () => {
    let harness: JobStoreHarness;
    let store: JobStore;

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.close();
    });

    it('lists a conversation’s jobs soonest first, and no one else’s', async () => {
      await store.replace('slack:T1:U1', [
        { id: 'decision:2026-06-01', due: T0 + 30 * MIN },
        { id: 'send-soon:2026-05-01', due: T0 },
      ]);
      await store.replace('slack:T1:U2', [{ id: 'other', due: T0 }]);
      expect((await store.list('slack:T1:U1')).map((j) => [j.id, j.due, j.attempts])).toEqual([
        ['send-soon:2026-05-01', T0, 0],
        ['decision:2026-06-01', T0 + 30 * MIN, 0],
      ]);
      expect(await store.list('slack:T1:nobody')).toEqual([]);
    });

    it('claims only due jobs, soonest first, up to the limit, and hides them for the lease', async () => {
      await store.replace('c1', [
        { id: 'b', due: T0 - MIN },
        { id: 'a', due: T0 - 2 * MIN },
        { id: 'later', due: T0 + 100 * MIN },
      ]);
      await store.replace('c2', [{ id: 'x', due: T0 }]);
      const first = await store.claimDue(T0, 2, LEASE);
      expect(first.map((j) => [j.conversation, j.id, j.attempts])).toEqual([
        ['c1', 'a', 1],
        ['c1', 'b', 1],
      ]);
      expect((await store.claimDue(T0, 10, LEASE)).map((j) => j.id)).toEqual(['x']);
      expect(await store.claimDue(T0 + LEASE - 1, 10, LEASE)).toEqual([]);
      // The holder died: after the lease the job is due again, one attempt further.
      const again = await store.claimDue(T0 + LEASE, 10, LEASE);
      expect(again.map((j) => [j.id, j.attempts])).toEqual([
        ['a', 2],
        ['b', 2],
        ['x', 2],
      ]);
    });

    it('completes a job only for the claim that holds it', async () => {
      await store.replace('c', [{ id: 'r', due: T0 }]);
      const [stale] = await store.claimDue(T0, 1, LEASE);
      const [current] = await store.claimDue(T0 + LEASE, 1, LEASE);
      await store.complete(stale!);
      expect((await store.list('c')).map((j) => j.id)).toEqual(['r']);
      await store.complete(current!);
      expect(await store.list('c')).toEqual([]);
      expect(await store.claimDue(T0 + 10 * LEASE, 10, LEASE)).toEqual([]);
    });

    it('retries a job at the time given, keeping its attempts', async () => {
      await store.replace('c', [{ id: 'r', due: T0 }]);
      const [job] = await store.claimDue(T0, 1, LEASE);
      await store.retry(job!, T0 + 2 * MIN);
      expect(await store.claimDue(T0 + MIN, 1, LEASE)).toEqual([]);
      const [next] = await store.claimDue(T0 + 2 * MIN, 1, LEASE);
      expect(next).toMatchObject({ id: 'r', due: T0, attempts: 2 });
      await store.retry(job!, T0); // an old claim cannot move it
      expect(await store.claimDue(T0 + 3 * MIN, 1, LEASE)).toEqual([]);
    });

    it('replace cancels missing jobs, moves changed ones, keeps unchanged ones, and empties on []', async () => {
      await store.replace('c', [
        { id: 'keep', due: T0 },
        { id: 'move', due: T0 },
        { id: 'drop', due: T0 },
      ]);
      const claimed = await store.claimDue(T0, 10, LEASE);
      await store.replace('c', [
        { id: 'keep', due: T0 },
        { id: 'move', due: T0 + 60 * MIN },
        { id: 'new', due: T0 + 90 * MIN },
      ]);
      expect((await store.list('c')).map((j) => [j.id, j.due])).toEqual([
        ['keep', T0],
        ['move', T0 + 60 * MIN],
        ['new', T0 + 90 * MIN],
      ]);
      // The unchanged job is still held by its claim; the moved one starts afresh.
      const byId = new Map(claimed.map((j) => [j.id, j]));
      await store.complete(byId.get('move')!);
      await store.complete(byId.get('keep')!);
      expect((await store.list('c')).map((j) => [j.id, j.attempts])).toEqual([
        ['move', 0],
        ['new', 0],
      ]);
      await store.replace('c', []);
      expect(await store.list('c')).toEqual([]);
      expect(await store.claimDue(T0 + 1000 * MIN, 10, LEASE)).toEqual([]);
    });

    it('keeps conversations with encoded separators and non-ASCII apart', async () => {
      const keys = ['teams:a%3Ab:c%20d', 'web:x:é✓', 'slack:T1:U1'];
      for (const [i, key] of keys.entries()) await store.replace(key, [{ id: `r:${i}`, due: T0 + i }]);
      const claimed = await store.claimDue(T0 + 10, 10, LEASE);
      expect(claimed.map((j) => [j.conversation, j.id])).toEqual(keys.map((key, i) => [key, `r:${i}`]));
      await store.replace('web:x:é✓', []);
      expect(await store.list('web:x:é✓')).toEqual([]);
      expect((await store.list('teams:a%3Ab:c%20d')).map((j) => j.id)).toEqual(['r:0']);
    });

    it('gives each due job to exactly one of many simultaneous claimers', async () => {
      const others = await Promise.all([1, 2, 3].map(() => harness.another()));
      const stores = [store, ...others];
      for (let c = 0; c < 20; c += 1)
        await store.replace(`conv-${c}`, [
          { id: 'a', due: T0 - c },
          { id: 'b', due: T0 + c },
        ]);
      const rounds = await Promise.all(
        Array.from({ length: 16 }, (_, i) => stores[i % stores.length]!.claimDue(T0 + 100, 3, LEASE)),
      );
      const taken = rounds.flat().map((j) => `${j.conversation}/${j.id}`);
      expect(taken).toHaveLength(40);
      expect(new Set(taken).size).toBe(40);
    });

    it('loses nothing across a restart between scheduling and firing', async () => {
      if (!harness.reopen) return;
      await store.replace('slack:T1:U1', [{ id: 'send-soon', due: T0 }]);
      store = await harness.reopen();
      const [job] = await store.claimDue(T0, 10, LEASE);
      expect(job).toMatchObject({ conversation: 'slack:T1:U1', id: 'send-soon', due: T0 });
    });
  });
}
