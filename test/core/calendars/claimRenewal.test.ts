import { expect } from 'chai';
import { keepRenewing } from '../../../core/calendars/claimRenewal.js';

describe('core/calendars/claimRenewal: keepRenewing', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('renews one at a time: a renewal still waiting is not joined by more, and stop() waits for it', async () => {
    let started = 0;
    let finish!: () => void;
    const stop = keepRenewing(
      () => {
        started += 1;
        return new Promise<boolean>((ok) => (finish = () => ok(true)));
      },
      5,
      { onError: () => undefined },
    );
    await sleep(60);
    expect(started).to.equal(1);
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await sleep(20);
    expect(stopped, 'stop() waits for the renewal under way').to.equal(false);
    finish();
    await stopping;
    await sleep(30);
    expect(started, 'nothing after stop()').to.equal(1);
  });

  it('stops by itself once the claim is lost; a handler that throws is no unhandled rejection, nor stop()\'s', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      let calls = 0;
      const stop = keepRenewing(
        async () => {
          calls += 1;
          return false;
        },
        5,
        {
          onLost: () => {
            throw new Error('logger gone');
          },
          onError: () => undefined,
        },
      );
      await sleep(60);
      await stop();
      expect(calls).to.equal(1);
      await sleep(10);
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
