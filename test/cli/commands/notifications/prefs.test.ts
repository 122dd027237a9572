import { expect } from 'chai';
import NotificationsPrefs, { parseSelector } from '../../../../cli/commands/notifications/prefs.js';
import { ApiError } from '../../../../cli/errors.js';
import { fakeApi, parseError, reportedError, runWith } from '../harness.js';

const prefs = (off: string[] = [], quietHours: { start: string; end: string } | null = null) => ({
  timezone: 'Europe/Berlin',
  quietHours,
  preferences: ['email', 'sms', 'push', 'chat'].flatMap((channel) =>
    ['confirmation', 'reminder', 'cancellation', 'follow_up', 'weekly_summary', 'host_invitation'].filter((kind) => channel === 'email' || kind !== 'host_invitation').map((kind) => ({ channel, kind, enabled: !off.includes(`${channel}:${kind}`) })),
  ),
});

describe('cli/commands/notifications/prefs', () => {
  describe('parse', () => {
    it('reads CHANNEL:KIND, a whole channel, or a whole kind', () => {
      expect(parseSelector('sms:reminder', '--off')).to.deep.equal([{ channel: 'sms', kind: 'reminder' }]);
      expect(parseSelector('push', '--on')).to.have.length(5);
      expect(parseSelector('email', '--on')).to.have.length(6);
      expect(parseSelector('email:host-invitation', '--off')).to.deep.equal([{ channel: 'email', kind: 'host_invitation' }]);
      expect(parseSelector('weekly-summary', '--off').map((p) => p.channel)).to.deep.equal(['email', 'sms', 'push', 'chat']);
      expect(() => parseSelector('fax:reminder', '--off')).to.throw(/--off fax:reminder: expected CHANNEL:KIND/);
    });
    it('offers host_invitation on e-mail only: a whole channel or the kind alone leaves the others out, and naming sms:host_invitation is a usage error', () => {
      expect(parseSelector('sms', '--off').map((p) => p.kind)).not.to.include('host_invitation');
      expect(parseSelector('host_invitation', '--off')).to.deep.equal([{ channel: 'email', kind: 'host_invitation' }]);
      expect(() => parseSelector('sms:host_invitation', '--off')).to.throw('--off sms:host_invitation: host_invitation is sent only by email, never by sms; use email:host_invitation');
    });
    it('refuses --quiet together with --no-quiet', async () => {
      expect((await parseError(NotificationsPrefs, ['--quiet', '22:00-07:00', '--no-quiet'])).exit).to.equal(2);
    });
  });

  describe('run', () => {
    it('without flags shows the matrix and the quiet hours', async () => {
      const api = fakeApi({ 'GET /api/notifications/preferences': prefs(['sms:reminder'], { start: '22:00', end: '07:00' }) });
      const { stdout } = await runWith(NotificationsPrefs, [], api);
      expect(stdout).to.match(/reminder\s+on\s+off\s+on\s+on/);
      expect(stdout).to.match(/host_invitation\s+on\s+-\s+-\s+-/);
      expect(stdout).to.include('Quiet hours: 22:00–07:00 (Europe/Berlin)');
    });
    it('PUTs only what the flags name', async () => {
      const api = fakeApi({ 'PUT /api/notifications/preferences': prefs(['sms:reminder']) });
      await runWith(NotificationsPrefs, ['--off', 'sms:reminder', '--quiet', '22:00-07:00'], api);
      expect(api.calls[0]!.body).to.deep.equal({ preferences: [{ channel: 'sms', kind: 'reminder', enabled: false }], quietHours: { start: '22:00', end: '07:00' } });
    });
    it('refuses a malformed --quiet with exit 2 and sends nothing', async () => {
      const api = fakeApi({});
      const error = await runWith(NotificationsPrefs, ['--quiet', '10pm'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(api.calls).to.deep.equal([]);
    });
    it('refuses an out-of-range --quiet (25:00-07:00) with exit 2 naming --quiet, and sends nothing', async () => {
      const api = fakeApi({});
      const error = await runWith(NotificationsPrefs, ['--quiet', '25:00-07:00'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.match(/^--quiet 25:00-07:00: expected HH:MM-HH:MM/);
      expect(api.calls).to.deep.equal([]);
    });
    it('names the server\'s refusal of a quiet hours time by --quiet', async () => {
      const refused = new ApiError({ status: 400, code: 'validation_failed', errors: [{ field: 'quietHours.start', message: 'expected HH:MM (00:00–23:59)' }] });
      const api = fakeApi({
        'PUT /api/notifications/preferences': () => {
          throw refused;
        },
      });
      const { message, exit } = await reportedError(NotificationsPrefs, ['--quiet', '22:00-07:00'], api);
      expect(message).to.equal('--quiet (start): expected HH:MM (00:00–23:59)');
      expect(exit).to.equal(2);
    });
  });
});
