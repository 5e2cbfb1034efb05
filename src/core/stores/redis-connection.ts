import { Redis } from 'ioredis';

/**
 * One Redis connection as every store here wants it: fail fast while Redis is
 * away (no offline queue, one retry) and keep reconnecting for as long as the
 * process lives, so the bot can answer "try again" meanwhile.
 */
export function redisConnection(url: string, commandTimeoutMs = 2000): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  });
}
