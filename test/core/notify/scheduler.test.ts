import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import { startScheduledJobs, THREAD_MIN_INTERVAL_MS } from '../../../core/notify/scheduler.js';

/** This process's OS threads (Linux): a worker thread adds at least one while it lives. */
const threads = () => readdirSync('/proc/self/task').length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('core/notify/scheduler', () => {
  it('ticks a job due every 50 ms on the main thread: it runs, never overlaps, and starts no worker thread', async function () {
    if (process.platform !== 'linux') this.skip();
    let runs = 0;
    let active = 0;
    let most = 0;
    const scheduler = await startScheduledJobs([
      {
        name: 'fast',
        intervalMs: 50,
        runAtStart: true,
        run: async () => {
          runs += 1;
          most = Math.max(most, ++active);
          await sleep(80);
          active -= 1;
        },
      },
    ]);
    const before = threads();
    let highest = before;
    for (let i = 0; i < 40; i++) {
      highest = Math.max(highest, threads());
      await sleep(10);
    }
    await scheduler.stop();
    expect(runs).to.be.at.least(3);
    expect(most).to.equal(1);
    expect(highest).to.equal(before);
  });

  it('runs a job due once a minute or less often on bree (a worker thread asks the main thread to run it)', async () => {
    let runs = 0;
    const scheduler = await startScheduledJobs([{ name: 'hourly', intervalMs: Math.max(THREAD_MIN_INTERVAL_MS, 3_600_000), runAtStart: true, run: async () => void (runs += 1) }]);
    for (let i = 0; i < 100 && runs === 0; i++) await sleep(50);
    await scheduler.stop();
    expect(runs).to.equal(1);
  });

  it('stops ticking once stopped', async () => {
    let runs = 0;
    const scheduler = await startScheduledJobs([{ name: 'fast', intervalMs: 20, run: async () => void (runs += 1) }]);
    await sleep(70);
    await scheduler.stop();
    const after = runs;
    await sleep(80);
    expect(runs).to.equal(after);
  });
});
