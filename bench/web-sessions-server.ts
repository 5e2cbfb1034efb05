import { fixedClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/log.js';
import { createSessionStore, serverSecrets, sessionTtlSeconds, storeConfigFromEnv } from '../src/core/stores/index.js';
import { startApp } from '../src/server/app.js';
import { planPlatforms } from '../src/server/platform.js';
import { platforms } from '../src/server/platforms.js';
import { BENCH_TODAY } from './lib/scenario.js';

/**
 * The server side of the web-sessions benchmark, in a process of its own so its
 * RSS is the server's alone: the web chat exactly as `npm start` builds it
 * (SQLite store in DATA_DIR, settings from the environment the parent gives).
 * Tells the parent its port, then answers "memory" with its RSS and heap.
 */
const storeConfig = storeConfigFromEnv(process.env);
const store = await createSessionStore(storeConfig, silentLogger);
const app = await startApp({
  server: { port: 0, host: '127.0.0.1', logLevel: 'silent', shutdownGraceMs: 5000 },
  platforms: planPlatforms(
    platforms.filter((platform) => platform.name === 'web'),
    process.env,
  ),
  store,
  secrets: serverSecrets(storeConfig),
  ttlSeconds: sessionTtlSeconds(storeConfig),
  logger: silentLogger,
  clock: fixedClock(BENCH_TODAY),
});

process.on('message', (message: unknown) => {
  if (message === 'memory') {
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ rss, heapUsed });
  } else if (message === 'stop') {
    void app.stop().then(() => process.exit(0));
  }
});
// The benchmark that started this server is gone (killed at its time limit): stop, rather than load the next one.
process.on('disconnect', () => process.exit(1));
process.send?.({ port: app.port });
