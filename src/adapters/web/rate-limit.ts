/**
 * A token bucket per key (a session, or an address for requests without one):
 * `perMinute` tokens, refilled evenly, so a burst of clicks is fine and a script is not.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until the next token. */
  take(key: string): number {
    const now = this.now();
    const previous = this.buckets.get(key);
    const refill = previous ? ((now - previous.at) / 60_000) * this.perMinute : this.perMinute;
    const tokens = Math.min(this.perMinute, (previous?.tokens ?? 0) + refill);
    // Re-inserting keeps the Map in least-recently-used order for the eviction below.
    this.buckets.delete(key);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.max(1, Math.ceil(((1 - tokens) * 60) / this.perMinute));
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return 0;
  }
}
