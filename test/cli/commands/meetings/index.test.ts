import { expect } from 'chai';
import Meetings from '../../../../cli/commands/meetings/index.js';
import { type Call, fakeApi, parseArgv, parseError, runWith } from '../harness.js';
import { meeting } from '../fixtures.js';

describe('cli/commands/meetings', () => {
  describe('parse', () => {
    it('defaults to 20 upcoming meetings', async () => {
      const { flags } = await parseArgv(Meetings, []);
      expect(flags.limit).to.equal(20);
      expect(flags.past).to.not.equal(true);
    });
    it('refuses a non-number --limit with exit 2 naming the flag', async () => {
      const { exit, message } = await parseError(Meetings, ['--limit', 'many']);
      expect(exit).to.equal(2);
      expect(message).to.include('--limit');
    });
  });

  describe('run', () => {
    it('follows cursors until --limit, reading --from/--to dates in the --tz zone', async () => {
      const pages = [
        { meetings: [meeting({ id: 'a' })], nextCursor: 'c1' },
        { meetings: [meeting({ id: 'b' })], nextCursor: 'c2' },
      ];
      const api = fakeApi({ 'GET /api/meetings': (_call: Call) => pages.shift() });
      const { result } = await runWith<{ meetings: Array<{ id: string }>; nextCursor: string | null }>(
        Meetings,
        ['--past', '--limit', '2', '--from', '2026-12-01', '--to', '2026-12-02', '--tz', 'Europe/Berlin'],
        api,
      );
      expect(result.meetings.map((m) => m.id)).to.deep.equal(['a', 'b']);
      expect(result.nextCursor).to.equal('c2');
      expect(api.calls[0]!.query).to.include({
        scope: 'past',
        from: '2026-11-30T23:00:00Z',
        to: '2026-12-02T22:59:59Z',
        limit: 2,
      });
      expect(api.calls[1]!.query).to.include({ cursor: 'c1', limit: 1 });
    });
    it('lists what is still on by default: unpaid holds with pending and scheduled; canceled ones only when asked', async () => {
      const api = fakeApi({ 'GET /api/meetings': (_call: Call) => ({ meetings: [], nextCursor: null }) });
      await runWith(Meetings, ['--tz', 'UTC'], api);
      await runWith(Meetings, ['--past', '--tz', 'UTC'], api);
      await runWith(Meetings, ['--all', '--tz', 'UTC'], api);
      expect(api.calls.map((c) => c.query?.status)).to.deep.equal(['pending,pending_payment,scheduled', 'pending,scheduled,completed,no_show', undefined]);
    });
    it('refuses a malformed --from with exit 2 naming it', async () => {
      const error = await runWith(Meetings, ['--from', 'soon', '--tz', 'UTC'], fakeApi({})).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('--from');
    });
  });
});
