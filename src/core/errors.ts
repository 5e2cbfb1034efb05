/** One error type for the system's own failures: a stable `code` for logs, the words for users live in the catalog. */
export type ErrorCode =
  | 'config_invalid'
  | 'store_unavailable'
  | 'store_conflict'
  | 'session_unreadable'
  | 'knowledge_invalid'
  | 'letter_failed'
  | 'document_failed'
  | 'document_timeout'
  | 'platform_error';

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
