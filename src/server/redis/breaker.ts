/**
 * A circuit breaker around Redis. While Redis answers, calls go through (closed). After `failures` failed
 * calls in a row, Redis is skipped for `cooldownMs` (open): every call fails at once, so the caller applies
 * its fallback (the rate limit's failure rule, the cache's database read) without waiting out a timeout on
 * every request. After the cool-down one call goes through as a probe (half-open): its answer closes the
 * breaker, its failure opens it for another cool-down. Calls made while the probe is out fail at once.
 */

export type BreakerState = "closed" | "open" | "half-open";

/** Thrown instead of calling Redis while the breaker is open. */
export class BreakerOpen extends Error {
  override name = "BreakerOpen";
  constructor() {
    super("Redis is being skipped after repeated failures (circuit breaker open)");
  }
}

export interface BreakerOptions {
  /** Failures in a row that open the breaker. */
  failures: number;
  /** How long Redis is skipped before a probe (ms). */
  cooldownMs: number;
  now?: () => number;
  /** Every change of state, for logs and metrics. */
  onChange?: (to: BreakerState, from: BreakerState) => void;
}

export class CircuitBreaker {
  private current: BreakerState = "closed";
  private failuresInARow = 0;
  private openedAt = 0;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Runs `work` through the breaker (see above). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    let probe = false;
    if (this.current === "half-open") throw new BreakerOpen();
    if (this.current === "open") {
      if (this.now() - this.openedAt < this.options.cooldownMs) throw new BreakerOpen();
      this.move("half-open");
      probe = true;
    }
    try {
      const result = await work();
      this.failuresInARow = 0;
      if (this.state !== "closed") this.move("closed");
      return result;
    } catch (error) {
      this.failuresInARow += 1;
      if (probe || this.failuresInARow >= this.options.failures) {
        this.openedAt = this.now();
        if (this.state !== "open") this.move("open");
      }
      throw error;
    }
  }

  private move(to: BreakerState) {
    const from = this.current;
    this.current = to;
    this.options.onChange?.(to, from);
  }
}
