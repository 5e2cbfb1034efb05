import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/log.js';

/**
 * Bolt and the Web API client log through this. Their debug output includes
 * request bodies (what the user typed), so debug is dropped; other lines keep
 * their strings and only the class name of any error object.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const write = (level: 'info' | 'warn' | 'error', parts: unknown[]): void => {
    logger[level]({ component: 'slack' }, parts.map(describe).join(' '));
  };
  return {
    debug: () => undefined,
    info: (...parts) => write('info', parts),
    warn: (...parts) => write('warn', parts),
    error: (...parts) => write('error', parts),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

function describe(part: unknown): string {
  return typeof part === 'string' ? part : errorName(part);
}

/** Only an error's class and code are logged: Slack errors can quote the request. */
export function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name}:${code}` : error.name;
  }
  return typeof error;
}
