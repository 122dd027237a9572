import { expect } from 'chai';
import Show from '../../../cli/commands/show.js';
import { fakeApi, runWith } from './harness.js';
import { itTakesAMeetingId, meeting } from './fixtures.js';

describe('cli/commands/show', () => {
  describe('parse', () => itTakesAMeetingId(Show));

  describe('run', () => {
    it('GETs the meeting by its encoded id and prints it in the --tz zone', async () => {
      const api = fakeApi({ 'GET /api/meetings/9b2c%2F5f0e': meeting() });
      const { result, stdout } = await runWith(Show, ['9b2c/5f0e', '--tz', 'Asia/Tokyo'], api);
      expect(api.calls).to.have.length(1);
      expect(result).to.deep.include({ status: 'scheduled' });
      expect(stdout).to.include('18:00');
    });
    it('says why the host has the meeting (assignmentReason), as the README promises', async () => {
      const api = fakeApi({ 'GET /api/meetings/m1': { ...meeting(), assignmentReason: 'assigned to ben by ada: speaks French' } });
      const { stdout } = await runWith(Show, ['m1', '--tz', 'UTC'], api);
      expect(stdout).to.match(/assigned\s+assigned to ben by ada: speaks French/);
    });
    it("lists the payment's refunds, each with how it went, in the --tz zone", async () => {
      const refund = (amount: number, status: string, more: Record<string, unknown> = {}) => ({ id: `r${amount}`, amount, reason: 'host', status, createdAt: '2026-11-24T10:00:00Z', completedAt: null, ...more });
      const payment = {
        status: 'partially_refunded',
        amount: 4500,
        currency: 'EUR',
        provider: 'stripe',
        refundedAmount: 2250,
        refunds: [
          refund(1250, 'succeeded', { completedAt: '2026-11-24T10:00:00Z' }),
          refund(1000, 'pending', { reason: 'policy' }),
          refund(500, 'failed', { failure: 'charge_disputed', completedAt: '2026-11-24T11:00:00Z' }),
        ],
      };
      const api = fakeApi({ 'GET /api/meetings/m1': meeting({ payment }) });
      const { stdout } = await runWith(Show, ['m1', '--tz', 'Europe/Berlin'], api);
      const rows = stdout.split('\n').filter((line) => /^(payment|refund)\s/.test(line)).map((line) => line.replace(/\s+/, ' | '));
      expect(rows).to.deep.equal([
        'payment | EUR 45.00 (partially_refunded)',
        'refund | EUR 12.50 by a host, succeeded Tue 24 Nov 2026 11:00',
        'refund | EUR 10.00 on cancel, by the refund policy, pending since Tue 24 Nov 2026 11:00',
        'refund | EUR 5.00 by a host, failed: charge_disputed',
      ]);
    });
    it('shows no payment rows for a free meeting (payment null)', async () => {
      const { stdout } = await runWith(Show, ['m1', '--tz', 'UTC'], fakeApi({ 'GET /api/meetings/m1': meeting({ payment: null }) }));
      expect(stdout).not.to.match(/^(payment|refund)\s/m);
    });
  });
});
