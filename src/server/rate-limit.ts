/**
 * Rate limits per API key: a token bucket per key, `ratePerSec` tokens a second up to
 * `burst`. A request takes one token; without one it is refused with the time until a
 * token is back (HTTP 429 with Retry-After, a WebSocket error with the same code).
 *
 * Time comes from the exchange clock, so tests drive it. Buckets idle long enough to
 * be full again are dropped when the map reaches `keysMax`, so memory stays bounded.
 * Complexity: O(1) per take; an occasional O(keys) sweep when the map is full.
 */
import type { Clock } from './clock.ts';

export interface RateLimitOptions {
  readonly ratePerSec: number;
  readonly burst: number;
  /** Buckets kept at most (default 100,000). */
  readonly keysMax?: number;
}

export type TakeResult = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

const taken: TakeResult = { ok: true };

interface Bucket {
  tokens: number;
  lastMs: number;
}

export class RateLimiter {
  private readonly clock: Clock;
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly keysMax: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(clock: Clock, options: RateLimitOptions) {
    if (!(options.ratePerSec > 0) || !(options.burst >= 1)) throw new Error('rate limit: ratePerSec must be > 0 and burst >= 1');
    this.clock = clock;
    this.ratePerMs = options.ratePerSec / 1_000;
    this.burst = options.burst;
    this.keysMax = options.keysMax ?? 100_000;
  }

  /** Takes one token of `key`'s bucket. */
  take(key: string): TakeResult {
    const now = this.clock.nowMs();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.keysMax) this.sweep(now);
      bucket = { tokens: this.burst, lastMs: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.lastMs) * this.ratePerMs);
    bucket.lastMs = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return taken;
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.ratePerMs) };
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.lastMs) * this.ratePerMs >= this.burst) this.buckets.delete(key);
    }
    // Everyone is busy: forget the oldest rather than grow without bound.
    if (this.buckets.size >= this.keysMax) {
      const oldest = this.buckets.keys().next();
      if (oldest.done !== true) this.buckets.delete(oldest.value);
    }
  }
}
