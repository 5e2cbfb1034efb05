import { fixedClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/log.js';
import { MemorySessionStore } from '../src/core/session-store.js';
import { startApp } from '../src/server/app.js';
import { planPlatforms } from '../src/server/platform.js';
import { platforms } from '../src/server/platforms.js';
import { runtimeConfigFromEnv } from '../src/server/runtime-config.js';
import { BENCH_TODAY } from './lib/scenario.js';

/**
 * The bot side of the HTTP benchmark, in a process of its own so the load
 * generator and the platform fakes do not share its CPU: the real server
 * (`startApp`: one HTTP server, Slack's Bolt receiver, Teams' CloudAdapter)
 * configured from the environment the parent gives it, with the in-memory store.
 * Tells the parent its port, then answers "idle?" questions over IPC.
 */

const app = await startApp({
  server: { port: 0, host: '127.0.0.1', logLevel: 'silent', shutdownGraceMs: 5000 },
  platforms: planPlatforms(platforms, process.env),
  store: new MemorySessionStore(),
  logger: silentLogger,
  clock: fixedClock(BENCH_TODAY),
  // BENCH_LETTERS=pool: letters in the worker pool as `npm start` builds them; otherwise in process (as before the pool).
  ...(process.env.BENCH_LETTERS === 'pool' ? { runtime: runtimeConfigFromEnv(process.env) } : {}),
});

process.on('message', (message: unknown) => {
  if (message === 'idle') {
    void app.bot.idle().then(() => process.send?.({ idle: true }));
  } else if (message === 'stop') {
    void app.stop().then(() => process.exit(0));
  }
});
// Platforms connect in the background: wait until each configured one has (its fakes are on loopback).
while (Object.values(app.platforms()).some((status) => status.state === 'starting' || status.state === 'retrying'))
  await new Promise((resolve) => setTimeout(resolve, 20));
process.send?.({ port: app.port, active: app.active });
