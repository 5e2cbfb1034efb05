import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { slackMessage, teamsMessage, type PlatformRequest } from './lib/platform-requests.js';
import { TYPED_SEED } from './lib/scenario.js';
import { nowMs } from './lib/stats.js';

/**
 * The steady benchmark's load generator, in a process of its own: it only sends requests and
 * times their answers. In the process of the platform fakes, their work (Block Kit checks,
 * multipart uploads, every call recorded) delayed reading the answers: its event loop's p99
 * lag was about 3 ms, as much as the p99 being measured.
 */

export interface LoadRequest {
  port: number;
  platform: 'slack' | 'teams';
  /** The fake Bot Connector's URL (Teams replies go there). */
  serviceUrl: string;
  withLetters: boolean;
  durationMs: number;
  rate: number;
  /** Conversations in progress at once, round robin. */
  slots: number;
  /** Every n-th conversation ends with the letter (when `withLetters`); the others with `lastWithoutLetter`. */
  letterEvery: number;
  lastWithoutLetter: string;
}

export interface Sent {
  ms: number;
  status: number;
  /** When the request was written, in milliseconds since the epoch (comparable across processes). */
  sentAtEpochMs: number;
  /** The turn that asks for the letter (its own reply is the letter, built before it is sent). */
  letterTurn: boolean;
  /** Teams: the activity's id, which its replies name. */
  activityId?: string;
}

export interface LoadResult {
  results: Sent[];
  lettersExpected: number;
  offeredPerSecond: number;
  /** This generator's own event-loop lag while sending (ms): how much of a latency could be its own. */
  lagMs: { p99: number; max: number };
}

const epochMs = (at: number) => performance.timeOrigin + at;

function send(agent: Agent, port: number, req: PlatformRequest, letterTurn: boolean, activityId?: string) {
  return new Promise<Sent>((resolve) => {
    const start = nowMs();
    const sent = (status: number) =>
      resolve({
        ms: nowMs() - start,
        status,
        sentAtEpochMs: epochMs(start),
        letterTurn,
        ...(activityId ? { activityId } : {}),
      });
    const r = request(
      { host: '127.0.0.1', port, method: 'POST', path: req.path, headers: req.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => sent(res.statusCode ?? 0));
      },
    );
    r.setTimeout(30_000, () => r.destroy(new Error('timeout')));
    r.on('error', () => sent(0));
    r.end(req.body);
  });
}

let nextUser = 1;

/** Sends at a fixed rate for `durationMs`, conversations round robin; returns every latency and status. */
async function steady(load: LoadRequest): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const slots = Array.from({ length: load.slots }, () => ({ user: '', step: TYPED_SEED.length, letter: false }));
  const lag = monitorEventLoopDelay({ resolution: 1 });
  let conversations = 0;
  let lettersExpected = 0;
  const pending: Array<Promise<Sent>> = [];
  const interval = 1000 / load.rate;
  lag.enable();
  const start = nowMs();
  for (let i = 0; ; i += 1) {
    const due = start + i * interval;
    if (due - start >= load.durationMs) break;
    const wait = due - nowMs();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const slot = slots[i % load.slots]!;
    if (slot.step >= TYPED_SEED.length) {
      conversations += 1;
      slot.user = `U${process.pid}x${nextUser++}`;
      slot.step = 0;
      slot.letter = load.withLetters && conversations % load.letterEvery === 0;
    }
    const last = slot.step === TYPED_SEED.length - 1;
    const text = last && !slot.letter ? load.lastWithoutLetter : TYPED_SEED[slot.step]!;
    if (last && slot.letter) lettersExpected += 1;
    const letterTurn = last && slot.letter;
    if (load.platform === 'slack') {
      pending.push(send(agent, load.port, slackMessage(slot.user, slot.step, text), letterTurn));
    } else {
      const req = teamsMessage(load.serviceUrl, slot.user, slot.step, text);
      pending.push(send(agent, load.port, req, letterTurn, (JSON.parse(req.body) as { id: string }).id));
    }
    slot.step += 1;
  }
  const sentIn = nowMs() - start;
  const results = await Promise.all(pending);
  lag.disable();
  agent.destroy();
  return {
    results,
    lettersExpected,
    offeredPerSecond: (pending.length * 1000) / sentIn,
    lagMs: { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
  };
}

process.on('message', (message: unknown) => {
  void steady(message as LoadRequest).then((result) => process.send?.({ load: result }));
});
process.on('disconnect', () => process.exit(0));
