import { expect } from 'chai';
import { createPainter } from '../../../cli/terminal.js';
import { meetingDetails } from '../../../cli/views/meetings.js';

describe('cli/views/meetings: the payment of a held meeting', () => {
  const paint = createPainter(false);
  const meeting = (payment: Record<string, unknown>) => ({ id: 'm1', status: 'pending_payment', start: '2026-11-26T09:00:00Z', end: '2026-11-26T09:30:00Z', title: 'Paid session', payment });

  it('an unpaid hold says where to pay and that the time is released unpaid', () => {
    const text = meetingDetails(meeting({ status: 'requires_payment', amount: 4500, currency: 'EUR', checkoutUrl: 'https://checkout.example/pay', holdExpiresAt: '2026-11-24T10:15:00Z', processingSince: null }), 'UTC', paint);
    expect(text).to.include('to pay').and.include('https://checkout.example/pay').and.include('unpaid, the time is released');
  });

  it('a bank payment in progress says so, with no checkout to pay at again', () => {
    const text = meetingDetails(meeting({ status: 'requires_payment', amount: 4500, currency: 'EUR', checkoutUrl: null, holdExpiresAt: '2026-11-26T09:00:00Z', processingSince: '2026-11-24T10:00:00Z' }), 'UTC', paint);
    expect(text).to.include('the bank is processing it').and.include('or until the payment clears');
    expect(text).not.to.include('to pay');
    expect(text).not.to.include('the time is released');
  });
});
