import { expect } from 'chai';
import Parse from '../../../cli/commands/parse.js';
import { fakeApi, parseArgv, parseError, runWith } from './harness.js';

const intent = (text: string) => ({
  action: 'schedule',
  start: '2026-12-01T15:00:00Z',
  end: null,
  window: null,
  durationMinutes: 30,
  attendees: [{ handle: 'alice' }],
  title: text,
  recurrence: null,
  timezone: 'UTC',
  confidence: 0.9,
  missing: [],
  ambiguities: [],
});

describe('cli/commands/parse', () => {
  describe('parse', () => {
    it('keeps an unquoted request as the rest, with --now', async () => {
      const { rest, flags } = await parseArgv(Parse, ['call', 'alice', '--now', '2026-11-24T09:00:00Z']);
      expect(rest).to.deep.equal(['call', 'alice']);
      expect(flags.now).to.equal('2026-11-24T09:00:00Z');
    });
    it('refuses --now without a value with exit 2 naming it', async () => {
      const { exit, message } = await parseError(Parse, ['call alice', '--now']);
      expect(exit).to.equal(2);
      expect(message).to.include('--now');
    });
  });

  describe('run', () => {
    it('sends the text, zone and --now to POST /api/parse', async () => {
      const api = fakeApi({ 'POST /api/parse': intent('call') });
      const { stdout } = await runWith(Parse, ['call', 'alice', '--tz', 'UTC', '--now', '2026-11-24T09:00:00Z'], api);
      expect(api.calls[0]!.body).to.deep.equal({ text: 'call alice', timezone: 'UTC', now: '2026-11-24T09:00:00Z' });
      expect(stdout).to.match(/confidence\s+0\.90/);
    });
    for (const [shift, shown] of [
      [{ shiftMinutes: 30 }, '+30 min (later)'],
      [{ shiftMinutes: -90 }, '-1 h 30 min (earlier)'],
      [{ shiftDays: 7 }, '+7 days (later)'],
      [{ shiftDays: -1 }, '-1 day (earlier)'],
    ] as const) {
      it(`shows a move by an amount (${JSON.stringify(shift)}) as "${shown}", and --json carries it as the API answered`, async () => {
        const moved = { ...intent('push it'), action: 'reschedule', durationMinutes: null, ...shift };
        const api = fakeApi({ 'POST /api/parse': moved });
        const { stdout, result } = await runWith(Parse, ['push', 'it', '--tz', 'UTC'], api);
        expect(stdout).to.match(new RegExp(`move by\\s+${shown.replace(/[+()]/g, '\\$&')}\n`));
        expect(result).to.deep.equal(moved);
      });
    }
    it('shows no move row when nothing moves by an amount', async () => {
      const { stdout } = await runWith(Parse, ['call', 'alice', '--tz', 'UTC'], fakeApi({ 'POST /api/parse': intent('call') }));
      expect(stdout).not.to.include('move by');
    });
    it('with no argument, reads one request per line from stdin and writes JSONL', async () => {
      const api = fakeApi({
        'POST /api/parse': (call: { body?: unknown }) => intent((call.body as { text: string }).text),
      });
      const { stdout } = await runWith(Parse, ['--tz', 'UTC'], api, 'call alice\n\nlunch bob\n');
      expect(
        stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).title),
      ).to.deep.equal(['call alice', 'lunch bob']);
    });
  });
});
