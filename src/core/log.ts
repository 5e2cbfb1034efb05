import { pino, type Logger } from 'pino';

/**
 * Structured logs. Log ids, codes and counts only: never message text, answers,
 * names or anything a user typed (see the privacy rules in the README).
 */
export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: undefined,
    // Defence in depth: if a field with one of these names is ever logged, it is masked.
    redact: { paths: ['text', 'answers', 'state', '*.text', '*.answers', '*.state', 'body'], censor: '[redacted]' },
  });
}

export const silentLogger: Logger = pino({ level: 'silent' });
