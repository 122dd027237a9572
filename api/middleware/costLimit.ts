import { DomainError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';

export interface CostBudgetOptions {
  enabled: boolean;
  /** Units of work each key may spend per minute. */
  perMinute: number;
  clock: Clock;
  /** Named in the 429 message, e.g. "availability work per address". */
  name: string;
}

/**
 * A per-key budget of work per minute (in this process's memory), for requests whose cost
 * varies a thousandfold: a request is refused (429 with Retry-After) while its key's budget for
 * the current minute is spent, and charged what it cost once it is done.
 */
export function createCostBudget(options: CostBudgetOptions) {
  const windows = new Map<string, { start: number; spent: number }>();
  const windowOf = (key: string) => {
    const now = options.clock.now().getTime();
    let window = windows.get(key);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, spent: 0 };
      windows.set(key, window);
      if (windows.size > 50_000) {
        for (const [k, w] of windows) if (now - w.start >= 60_000) windows.delete(k);
      }
    }
    return { window, now };
  };
  return {
    /** Throws rate_limited while `key` has spent its budget for this minute. */
    check(key: string): void {
      if (!options.enabled) return;
      const { window, now } = windowOf(key);
      if (window.spent < options.perMinute) return;
      const retryAfterSeconds = Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
      throw new DomainError('rate_limited', `Too much work requested (${options.name}); ask for fewer days or fewer people, or retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
    },
    /** Adds what a finished request cost to `key`'s minute. */
    charge(key: string, cost: number): void {
      if (!options.enabled) return;
      windowOf(key).window.spent += cost;
    },
  };
}
