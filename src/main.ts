import { loadDotEnv } from './core/env.js';
import { createLogger } from './core/log.js';
import { errorName, isOverturnError } from './core/errors.js';
import { join } from 'node:path';
import {
  createJobStore,
  createSessionStore,
  serverSecrets,
  detailsTtlSeconds,
  sessionTtlSeconds,
  SQLITE_FILE_NAME,
  storeConfigFromEnv,
  type StoreConfig,
} from './core/stores/index.js';
import { startApp } from './server/app.js';
import { serverConfigFromEnv } from './server/config.js';
import { runtimeConfigFromEnv } from './server/runtime-config.js';
import { planPlatforms } from './server/platform.js';
import { platforms } from './server/platforms.js';

/**
 * `npm start`: one process, one HTTP server, every configured platform.
 * With no settings at all it serves the web chat on http://localhost:3978.
 */

const announce = (line: string) => process.stderr.write(`${line}\n`);

function storeLine(config: StoreConfig): string {
  const where = config.redisUrl ? 'Redis' : `SQLite file ${join(config.dataDir, SQLITE_FILE_NAME)}`;
  return `sessions: ${where}${config.encryptionKeys ? ', encrypted' : ''}, deleted after ${config.ttlDays} days without a message; letter details after ${config.detailsHours ?? 24} hours`;
}

async function main(): Promise<void> {
  loadDotEnv();
  const env = process.env;

  // Every setting is read and checked before anything starts: a partial config stops here.
  const server = serverConfigFromEnv(env);
  const plans = planPlatforms(platforms, env);
  const storeConfig = storeConfigFromEnv(env);
  const runtime = runtimeConfigFromEnv(env);
  const logger = createLogger(server.logLevel);

  const store = await createSessionStore(storeConfig, logger);
  const jobs = await createJobStore(storeConfig);
  const app = await startApp({
    secrets: serverSecrets(storeConfig),
    server,
    platforms: plans,
    store,
    jobs,
    ttlSeconds: sessionTtlSeconds(storeConfig),
    detailsTtlSeconds: detailsTtlSeconds(storeConfig),
    logger,
    announce,
    runtime,
  });
  announce(storeLine(storeConfig));

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      announce(`overturn: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    announce(`overturn: ${signal} received, finishing conversations in progress…`);
    // Past the grace period something is stuck; exit rather than hang a deploy.
    setTimeout(() => process.exit(1), server.shutdownGraceMs + 5_000).unref();
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ code: 'shutdown_failed', err: errorName(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  if (isOverturnError(error, 'config_invalid')) {
    announce(`overturn: configuration error: ${error.message}`);
  } else if (errorName(error).endsWith(':EADDRINUSE')) {
    announce('overturn: the port is already in use: stop the other program or set PORT to another number');
  } else {
    announce(`overturn: could not start (${errorName(error)}${error instanceof Error ? `: ${error.message}` : ''})`);
  }
  process.exit(1);
});
