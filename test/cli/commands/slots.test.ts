import { expect } from 'chai';
import Slots, { type SlotsResult } from '../../../cli/commands/slots.js';
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
    it('--smart asks for rank=smart (with --near) and shows the best three first with their reasons', async () => {
      const at = (h: number, score: number) => ({ start: `2026-12-01T${h}:00:00Z`, end: `2026-12-01T${h}:30:00Z`, score, reasons: [`reason ${h}`] });
      const ranked = [at(14, 90), at(10, 80), at(16, 70), at(11, 10)];
      const api = fakeApi({ 'GET /api/availability': { slots: ranked } });
      const { result, stdout } = await runWith(Slots, ['demo/intro', '--smart', '--near', '2026-12-01T14:00:00Z', '--from', '2026-12-01', '--to', '2026-12-01', '--tz', 'UTC'], api);
      expect(api.calls[0]!.query).to.include({ rank: 'smart', near: '2026-12-01T14:00:00Z' });
      expect((result as SlotsResult).slots.map((s) => s.score)).to.deep.equal([90, 80, 70, 10]);
      const lines = stdout.split('\n');
      const best = lines.findIndex((l) => l.includes('Best times:'));
      expect(lines[best + 1]).to.include('1. Tue 01 Dec 14:00–14:30');
      expect(lines[best + 2]).to.include('reason 14');
      expect(lines[best + 5]).to.include('3. Tue 01 Dec 16:00–16:30');
      expect(stdout).to.include('Other free times:');
    });
    it('refuses --near without --smart with exit 2', async () => {
      const { exit, message } = await parseError(Slots, ['demo/intro', '--near', '2026-12-01T14:00:00Z']);
      expect(exit).to.equal(2);
      expect(message).to.include('--smart');
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
