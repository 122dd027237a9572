import { expect } from 'chai';
import { parseRefundPolicy, refundByPolicy } from '../../../core/payments/refundPolicy.js';

describe('core/payments/refundPolicy', () => {
  const start = Date.parse('2026-11-26T10:00:00Z');
  const hoursBefore = (h: number) => start - h * 3_600_000;

  it('full_until: everything back until N hours before the start, nothing after', () => {
    const policy = parseRefundPolicy({ type: 'full_until', hours: 24 });
    expect(refundByPolicy({ policy, refundableMinor: 4500, amountStep: 1, startMs: start, nowMs: hoursBefore(24), canceledByHost: false })).to.equal(4500);
    expect(refundByPolicy({ policy, refundableMinor: 4500, amountStep: 1, startMs: start, nowMs: hoursBefore(23.9), canceledByHost: false })).to.equal(0);
  });

  it('full_until: a window the invitee\u2019s move found closed stays closed, however far ahead the meeting now is; a host still refunds all', () => {
    const policy = parseRefundPolicy({ type: 'full_until', hours: 24 });
    expect(refundByPolicy({ policy, refundableMinor: 4500, amountStep: 1, startMs: start, nowMs: hoursBefore(200), canceledByHost: false, windowClosed: true })).to.equal(0);
    expect(refundByPolicy({ policy, refundableMinor: 4500, amountStep: 1, startMs: start, nowMs: hoursBefore(200), canceledByHost: true, windowClosed: true })).to.equal(4500);
  });

  it('percentage: that share, rounded down to a whole minor unit', () => {
    const policy = parseRefundPolicy({ type: 'percentage', percent: 50 });
    expect(refundByPolicy({ policy, refundableMinor: 2999, amountStep: 1, startMs: start, nowMs: hoursBefore(1), canceledByHost: false })).to.equal(1499);
  });

  it('percentage: rounded down to the step the provider refunds in (Stripe KWD: 10 fils)', () => {
    const policy = parseRefundPolicy({ type: 'percentage', percent: 50 });
    expect(refundByPolicy({ policy, refundableMinor: 1250, amountStep: 10, startMs: start, nowMs: hoursBefore(1), canceledByHost: false })).to.equal(620);
  });

  it('none: nothing; a host who cancels refunds everything whatever the policy', () => {
    const policy = parseRefundPolicy({ type: 'none' });
    expect(refundByPolicy({ policy, refundableMinor: 4500, amountStep: 1, startMs: start, nowMs: hoursBefore(100), canceledByHost: false })).to.equal(0);
    expect(refundByPolicy({ policy, refundableMinor: 4500, amountStep: 1, startMs: start, nowMs: hoursBefore(1), canceledByHost: true })).to.equal(4500);
  });

  it('defaults to a full refund until 24 hours before; refuses a malformed policy', () => {
    expect(parseRefundPolicy(null)).to.deep.equal({ type: 'full_until', hours: 24 });
    expect(() => parseRefundPolicy({ type: 'percentage', percent: 150 })).to.throw(/refundPolicy/);
  });
});
