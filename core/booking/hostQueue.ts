/**
 * A per-process queue per host, taken before a booking transaction asks the pool for a
 * connection. The database's per-host advisory lock (context.ts lockHosts) stays the rule across
 * processes; this only stops one process from parking many pool connections on that lock while
 * they wait for the same host, which starved every other host's bookings of connections
 * (503 server_busy under load). Requests for one host wait here in memory instead, in order.
 * Bookings that take no lock (nothing counted, scheduleBooking.ts needsHostLock) queue too: a
 * process then runs at most one booking per host at a time, and the rest wait here rather than
 * on the pool's acquire timeout.
 *
 * All of a request's hosts are queued for at once (synchronously), so the wait-for order is the
 * order of arrival and two multi-host requests can never wait for each other in a circle.
 */
export class HostQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` once every earlier request for any of `hostIds` in this process has finished. */
  async run<T>(hostIds: readonly string[], work: () => Promise<T>): Promise<T> {
    const keys = [...new Set(hostIds)];
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before: Promise<void>[] = [];
    const mine = new Map<string, Promise<void>>();
    for (const key of keys) {
      const previous = this.tails.get(key) ?? Promise.resolve();
      const tail = previous.then(() => done);
      before.push(previous);
      mine.set(key, tail);
      this.tails.set(key, tail);
    }
    await Promise.all(before);
    try {
      return await work();
    } finally {
      release();
      for (const [key, tail] of mine) if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** How many hosts have a request running or waiting (for tests and metrics). */
  get busyHosts(): number {
    return this.tails.size;
  }
}
