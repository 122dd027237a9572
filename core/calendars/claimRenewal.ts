/**
 * Keeping a claim with an end (a calendar's sync claim, a booking's write claim) alive while the
 * work it guards runs.
 */

export interface ClaimRenewalHandlers {
  /** The claim is no longer the holder's (it ran out and another took it over): renewing stops. */
  onLost?: () => void;
  /** A renewal failed: logged, and the next one tries again; the claim still runs to its end. */
  onError: (error: unknown) => void;
}

/**
 * Calls `renew` every `everyMs` until the returned stop() is awaited; `renew` resolves false once
 * the claim is no longer the holder's. One renewal at a time: a renewal that waits (on a row
 * another transaction has locked) is not joined by more on every tick, each holding a pooled
 * connection. stop() waits for a renewal under way, so none of the claim's statements is still
 * running once its holder gives the claim back.
 *
 * @example const stop = keepRenewing(() => renewClaim(ctx, claim), 30_000, { onError: log }); try { ... } finally { await stop(); }
 */
export function keepRenewing(renew: () => Promise<boolean>, everyMs: number, handlers: ClaimRenewalHandlers): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = renew()
      .then((held) => {
        if (held) return;
        clearInterval(timer);
        handlers.onLost?.();
      }, handlers.onError)
      // A handler that throws (a logger gone wrong) must not become an unhandled rejection, nor stop()'s.
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
