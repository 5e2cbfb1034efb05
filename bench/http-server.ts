import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { fixedClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/log.js';
import { MemorySessionStore, type SessionStore } from '../src/core/session-store.js';
import { createSessionStore, serverSecrets, storeConfigFromEnv } from '../src/core/stores/index.js';
import { startApp } from '../src/server/app.js';
import { planPlatforms } from '../src/server/platform.js';
import { platforms } from '../src/server/platforms.js';
import { runtimeConfigFromEnv } from '../src/server/runtime-config.js';
import { BENCH_TODAY } from './lib/scenario.js';
import { threadCpuMs, watchHeldUp } from './lib/server-threads.js';

/**
 * The bot side of the HTTP benchmark, in a process of its own so the load
 * generator and the platform fakes do not share its CPU: the real server
 * (`startApp`: one HTTP server, Slack's Bolt receiver, Teams' CloudAdapter)
 * configured from the environment the parent gives it. Its store is the in-memory one, or with
 * BENCH_STORE=sqlite the one `npm start` opens (a SQLite file, keys hashed) in a directory of its own.
 * Tells the parent its port, then answers "idle?" and "usage?" (the garbage-collection pauses, the event
 * loop's delay and the times it was held up since the last ask, and the CPU time its threads have used) over IPC.
 */

const dataDir = process.env.BENCH_STORE === 'sqlite' ? mkdtempSync(join(tmpdir(), 'overturn-bench-')) : undefined;
const storeConfig = dataDir ? storeConfigFromEnv({ DATA_DIR: dataDir, SESSION_SECRET: 'bench-'.repeat(8) }) : undefined;
// Exit handlers run synchronously on every way out (stop, or the parent gone), so the files go once, here.
if (dataDir) process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
const store: SessionStore = storeConfig
  ? await createSessionStore(storeConfig, silentLogger)
  : new MemorySessionStore();

// When the event loop was held up, and whether it ran, waited for a core or collected garbage meanwhile.
const heldUp = watchHeldUp();
// Garbage collection pauses the event loop; counted so a slow tail can be told apart from a slow turn.
let pauses: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    pauses.push(entry.duration);
    heldUp.gcPause(entry.startTime, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });
// How late the event loop ran a 1 ms timer: what any request arriving then waited for, whatever held it.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

const app = await startApp({
  server: { port: 0, host: '127.0.0.1', logLevel: 'silent', shutdownGraceMs: 5000 },
  platforms: planPlatforms(platforms, process.env),
  store,
  ...(storeConfig ? { secrets: serverSecrets(storeConfig) } : {}),
  logger: silentLogger,
  clock: fixedClock(BENCH_TODAY),
  // BENCH_LETTERS=pool: letters in the worker pool as `npm start` builds them; otherwise in process (as before the pool).
  ...(process.env.BENCH_LETTERS === 'pool' ? { runtime: runtimeConfigFromEnv(process.env) } : {}),
});

process.on('message', (message: unknown) => {
  if (message === 'idle') {
    void app.bot.idle().then(() => process.send?.({ idle: true }));
  } else if (message === 'usage') {
    const { user, system } = process.cpuUsage();
    const delay = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
    const cpuMs = (user + system) / 1000;
    process.send?.({ gcPauses: pauses, cpuMs, threadCpuMs: threadCpuMs(), heldUp: heldUp.take(), loopDelayMs: delay });
    pauses = [];
    loopDelay.reset();
  } else if (message === 'stop') {
    void app.stop().then(() => process.exit(0));
  }
});
// The benchmark that started this server is gone (killed at its time limit): stop, rather than load the next one.
process.on('disconnect', () => process.exit(1));
// Platforms connect in the background: wait until each configured one has (its fakes are on loopback).
while (Object.values(app.platforms()).some((status) => status.state === 'starting' || status.state === 'retrying'))
  await new Promise((resolve) => setTimeout(resolve, 20));
process.send?.({ port: app.port, active: app.active });
