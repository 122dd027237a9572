import { expect } from 'chai';
import Slots from '../../../cli/commands/slots.js';
import { fakeApi, parseArgv, parseError, runWith } from './harness.js';

describe('cli/commands/slots', () => {
  describe('parse', () => {
    it('defaults --days to 7 and takes the target as its positional', async () => {
      const { args, flags } = await parseArgv(Slots, ['demo/intro']);
      expect(args.target).to.equal('demo/intro');
      expect(flags.days).to.equal(7);
      expect(flags.with).to.equal(undefined);
    });
    it('refuses --days 0 with exit 2 naming the flag', async () => {
      const { exit, message } = await parseError(Slots, ['demo/intro', '--days', '0']);
      expect(exit).to.equal(2);
      expect(message).to.include('--days');
    });
    it('refuses --with without a value with exit 2 naming the flag', async () => {
      const { exit, message } = await parseError(Slots, ['--with']);
      expect(exit).to.equal(2);
      expect(message).to.include('--with');
    });
  });

  describe('run', () => {
    it("asks for an event type's slots over --from..--to in the --tz zone", async () => {
      const slot = { start: '2026-12-01T09:00:00Z', end: '2026-12-01T09:30:00Z' };
      const api = fakeApi({ 'GET /api/availability': { slots: [slot] } });
      const { result } = await runWith(
        Slots,
        ['demo/intro', '--from', '2026-12-01', '--to', '2026-12-02', '--tz', 'UTC'],
        api,
      );
      expect(api.calls[0]!.query).to.deep.equal({
        user: 'demo',
        eventType: 'intro',
        from: '2026-12-01',
        to: '2026-12-02',
        timezone: 'UTC',
      });
      expect(result).to.deep.equal({ timezone: 'UTC', from: '2026-12-01', to: '2026-12-02', slots: [slot] });
    });
    it('asks for common free time with --with, 30 minutes unless --duration says otherwise', async () => {
      const api = fakeApi({ 'GET /api/availability': { slots: [] }, 'GET /api/availability/people': { timezone: 'UTC', people: ['alice', 'bob'], times: [] } });
      const { stdout } = await runWith(
        Slots,
        ['--with', '@alice, bob', '--from', '2026-12-01', '--days', '2', '--tz', 'UTC'],
        api,
      );
      expect(api.calls[0]!.query).to.include({
        users: 'alice,bob',
        durationMinutes: 30,
        from: '2026-12-01',
        to: '2026-12-02',
      });
      expect(stdout).to.include('No free slots in that range.');
    });
    it('with --with and no common time, shows each person per time ("alice busy, bob free")', async () => {
      const people = { timezone: 'UTC', people: ['alice', 'bob'], times: [{ start: '2026-12-01T09:00:00Z', end: '2026-12-01T09:30:00Z', states: { alice: 'busy', bob: 'free' } }] };
      const api = fakeApi({ 'GET /api/availability': { slots: [] }, 'GET /api/availability/people': people });
      const { stdout, result } = await runWith<{ people: unknown }>(Slots, ['--with', 'alice,bob', '--from', '2026-12-01', '--days', '1', '--tz', 'UTC'], api);
      expect(api.calls[1]!.query).to.include({ users: 'alice,bob', durationMinutes: 30, from: '2026-12-01', to: '2026-12-01' });
      expect(stdout).to.include('No time suits everyone. Who is free when:');
      expect(stdout).to.include('Tue 01 Dec 09:00  alice busy, bob free');
      expect(result.people).to.deep.equal(people);
    });
    it('without a target or --with, exits 2 before calling the API', async () => {
      const api = fakeApi({});
      const error = await runWith(Slots, ['--tz', 'UTC'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(api.calls).to.deep.equal([]);
    });
  });
});
