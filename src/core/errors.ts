/** One error type for the system's own failures: a stable `code` for logs, the words for users live in the catalog. */
export type ErrorCode =
  | 'config_invalid'
  | 'store_unavailable'
  | 'store_conflict'
  | 'session_unreadable'
  | 'knowledge_invalid'
  | 'letter_failed'
  | 'platform_error'
  | 'document_failed'
  | 'document_timeout'
  /** A shared resource (the worker pool) is at its limit; the caller answers "busy". */
  | 'busy';

export class OverturnError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OverturnError';
    this.code = code;
  }
}

export function isOverturnError(error: unknown, code?: ErrorCode): error is OverturnError {
  return error instanceof OverturnError && (code === undefined || error.code === code);
}

/**
 * What of an error may reach the logs: its class name, its code and an HTTP
 * status. Messages (and SDK errors' request bodies) can echo what the user typed.
 */
export function errorName(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const fields: Record<string, unknown> = { ...error };
  const parts = [error.name];
  if (typeof fields.code === 'string' || typeof fields.code === 'number') parts.push(String(fields.code));
  if (typeof fields.status === 'number') parts.push(String(fields.status));
  return parts.join(':');
}
