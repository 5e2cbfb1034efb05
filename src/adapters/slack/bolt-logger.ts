import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/log.js';
import { errorName } from '../kit/index.js';

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
