import type { Logger } from '../../core/log.js';

/**
 * One JSON log line per refused request, at most `perMinute` a minute: a flood
 * of forged requests cannot flood the log. What was left out is counted in the
 * next line written.
 */
export class RejectionLog {
  private windowStart = 0;
  private written = 0;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly perMinute = 20,
    private readonly now: () => number = Date.now,
  ) {}

  /** `reason` is an error's class and code, never its message (which can quote the token or a URL). */
  rejected(status: number, reason: string): void {
    const now = this.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.written = 0;
    }
    if (this.written >= this.perMinute) {
      this.suppressed += 1;
      return;
    }
    this.written += 1;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    this.logger.warn(
      { code: 'teams_request_rejected', status, reason, ...(suppressed > 0 ? { suppressed } : {}) },
      'teams request rejected',
    );
  }
}
