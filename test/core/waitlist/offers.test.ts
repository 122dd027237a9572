import { expect } from 'chai';
import { renderOfferEmail } from '../../../core/waitlist/offers.js';

describe('renderOfferEmail', () => {
  const entry = { name: 'Pat', email: 'pat@example.org', timezone: 'UTC' };
  const session = { title: 'Talk', start_at: new Date('2026-11-25T14:00:00Z'), end_at: new Date('2026-11-25T15:00:00Z') };
  const held = (holdMinutes: number) => renderOfferEmail({ holdMinutes, publicUrl: 'https://yava.test' }, entry, session, 'yava_wl_x', new Date('2026-11-24T10:30:00Z'));

  it('says how long the seat is held in words: 1 minute, 20 minutes, whole hours, whole days', () => {
    for (const [minutes, words] of [[1, '1 minute'], [20, '20 minutes'], [60, '1 hour'], [90, '90 minutes'], [180, '3 hours'], [10080, '7 days']] as const) {
      const mail = held(minutes);
      expect(mail.text, String(minutes)).to.include(`It is held for you for ${words}: confirm by`);
      expect(mail.html, String(minutes)).to.include(`It is held for you for ${words}: confirm by`);
    }
  });

  it('links to the offer page', () => {
    expect(held(30).text).to.include('Take the seat: https://yava.test/waitlist/yava_wl_x');
  });
});
