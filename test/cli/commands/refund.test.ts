import { expect } from 'chai';
import Refund from '../../../cli/commands/refund.js';
import { ApiError } from '../../../cli/errors.js';
import { fakeApi, parseArgv, reportedError, runWith } from './harness.js';
import { itTakesAMeetingId } from './fixtures.js';

const MEETING = '9b2c5f0e-1111-4222-8333-944445555666';

/** A payment as GET /api/meetings/:id/payment answers it. */
const payment = (overrides: Record<string, unknown> = {}) => ({
  id: 'p1',
  meetingId: MEETING,
  status: 'partially_refunded',
  amount: 4500,
  currency: 'EUR',
  provider: 'stripe',
  refundedAmount: 1250,
  refunds: [],
  ...overrides,
});

/** The API: GET answers `before`, POST answers the payment after the refund and records the body. */
function paymentApi(before: Record<string, unknown>) {
  return fakeApi({
    'GET /api/meetings/9b2c5f0e/payment': before,
    [`POST /api/meetings/${MEETING}/refund`]: (call: { body?: unknown }) => {
      const asked = (call.body as { amount?: number }).amount ?? (before.amount as number) - (before.refundedAmount as number);
      return { ...before, refundedAmount: (before.refundedAmount as number) + asked, status: 'partially_refunded' };
    },
  });
}

describe('cli/commands/refund', () => {
  describe('parse', () => {
    itTakesAMeetingId(Refund);
    it('reads --amount as written', async () => {
      const { flags } = await parseArgv(Refund, ['9b2c5f0e', '--amount', '12.50']);
      expect(flags.amount).to.equal('12.50');
    });
  });

  describe('refused before anything is refunded (exit 2, naming --amount)', () => {
    for (const bad of ['12,50', 'EUR 12.50', '-5', '1e3', '.5', '']) {
      it(`"${bad}" is not a number as --amount takes it, and no request is made`, async () => {
        const api = paymentApi(payment());
        const { exit, message } = await reportedError(Refund, ['9b2c5f0e', '--amount', bad], api);
        expect(exit).to.equal(2);
        expect(message).to.include('--amount').and.include('"." for decimals');
        expect(api.calls).to.deep.equal([]);
      });
    }
    it('more decimals than the currency has', async () => {
      const eur = await reportedError(Refund, ['9b2c5f0e', '--amount', '12.505'], paymentApi(payment()));
      expect(eur.exit).to.equal(2);
      expect(eur.message).to.equal('--amount 12.505: EUR has 2 decimals, e.g. 12.50');
      const jpy = await reportedError(Refund, ['9b2c5f0e', '--amount', '1200.5'], paymentApi(payment({ currency: 'JPY', amount: 5000, refundedAmount: 0, status: 'paid' })));
      expect(jpy.message).to.equal('--amount 1200.5: JPY has no decimals, e.g. 1250');
    });
  });

  describe('run', () => {
    it('POSTs --amount in minor units of EUR to the full meeting id and says what happens next', async () => {
      const api = paymentApi(payment());
      const { stdout } = await runWith(Refund, ['9b2c5f0e', '--amount', '12.5'], api);
      expect(api.calls[1]).to.deep.equal({ method: 'POST', path: `/api/meetings/${MEETING}/refund`, body: { amount: 1250 } });
      expect(stdout).to.equal(
        'Refunding EUR 12.50 of EUR 45.00 paid for this meeting (Stripe).\nThe payer gets it once Stripe has taken it; if Stripe refuses it you are told and can refund again.\n',
      );
    });
    it('reads a zero-decimal currency in whole units (JPY 1200 is 1200, not 120000)', async () => {
      const api = paymentApi(payment({ currency: 'JPY', amount: 5000, refundedAmount: 0, status: 'paid', provider: 'paypal' }));
      const { stdout } = await runWith(Refund, ['9b2c5f0e', '--amount', '1200'], api);
      expect(api.calls[1]!.body).to.deep.equal({ amount: 1200 });
      expect(stdout).to.match(/^Refunding JPY 1,200 of JPY 5,000 paid for this meeting \(PayPal\)\./);
    });
    it('without --amount refunds all that is left (an empty body: the API refunds what is left when it acts)', async () => {
      const api = paymentApi(payment());
      const { stdout } = await runWith(Refund, ['9b2c5f0e'], api);
      expect(api.calls[1]!.body).to.deep.equal({});
      expect(stdout).to.match(/^Refunding EUR 32.50 of EUR 45.00 paid/);
    });
    it("returns the API's answer as it is (what --json prints), printing nothing else", async () => {
      const answer = { ...payment(), refundedAmount: 2250 };
      const api = fakeApi({ 'GET /api/meetings/9b2c5f0e/payment': payment(), [`POST /api/meetings/${MEETING}/refund`]: answer });
      const { stdout, result } = await runWith(Refund, ['9b2c5f0e', '--amount', '10', '--json'], api);
      expect(result).to.deep.equal(answer);
      expect(stdout).to.equal('');
    });
    it("leaves a payment with nothing left to the API's refusal (409: exit 5, its message)", async () => {
      const api = fakeApi({
        'GET /api/meetings/9b2c5f0e/payment': payment({ status: 'refunded', refundedAmount: 4500 }),
        [`POST /api/meetings/${MEETING}/refund`]: () => {
          throw new ApiError({ status: 409, code: 'invalid_transition', detail: 'Nothing to refund: the payment is refunded' });
        },
      });
      const { exit, message } = await reportedError(Refund, ['9b2c5f0e', '--amount', '5'], api);
      expect(exit).to.equal(5);
      expect(message).to.equal('Nothing to refund: the payment is refunded');
      expect(api.calls[1]!.body).to.deep.equal({ amount: 500 });
    });
    it("leaves what may be refunded (what is left, 0, the provider's step) to the API, whose refusal names --amount (exit 2)", async () => {
      const api = fakeApi({
        'GET /api/meetings/9b2c5f0e/payment': payment(),
        [`POST /api/meetings/${MEETING}/refund`]: () => {
          throw new ApiError({ status: 400, code: 'validation_failed', errors: [{ field: 'amount', message: 'give more than 0 and at most EUR 32.50 (3250 minor units), what is paid and not yet refunded' }] });
        },
      });
      const { exit, message } = await reportedError(Refund, ['9b2c5f0e', '--amount', '32.51'], api);
      expect(exit).to.equal(2);
      expect(message).to.equal('--amount: give more than 0 and at most EUR 32.50 (3250 minor units), what is paid and not yet refunded');
      expect(api.calls[1]!.body).to.deep.equal({ amount: 3251 });
    });
    it('a caller who is not a host is refused by the API (403: exit 3)', async () => {
      const api = fakeApi({
        'GET /api/meetings/9b2c5f0e/payment': payment(),
        [`POST /api/meetings/${MEETING}/refund`]: () => {
          throw new ApiError({ status: 403, code: 'forbidden', detail: 'Only a host may do this' });
        },
      });
      const { exit, message } = await reportedError(Refund, ['9b2c5f0e'], api);
      expect(exit).to.equal(3);
      expect(message).to.equal('Only a host may do this');
    });
  });
});
