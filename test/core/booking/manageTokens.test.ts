import { expect } from 'chai';
import { hashSecret } from '../../../core/auth/secrets.js';
import { manageTokenIssuer, randomManageTokens, recoverManageTokens } from '../../../core/booking/manageTokens.js';
import { invitee, setUpBookingWorld, type BookingWorld } from './helpers.js';

describe('core/booking/manageTokens', () => {
  const secret = 'a-server-secret-of-at-least-32-characters';

  it('signs a token per attendee: the same id gives the same token, another id or secret another one', () => {
    const issue = manageTokenIssuer(secret);
    const id = '6f1c2b9e-7d4a-4c1e-9b2f-0a1b2c3d4e5f';
    expect(issue(id)).to.match(/^yava_mt_[\w-]{43}$/);
    expect(issue(id)).to.equal(issue(id.toUpperCase()));
    expect(issue(id)).not.to.equal(issue('6f1c2b9e-7d4a-4c1e-9b2f-0a1b2c3d4e60'));
    expect(issue(id)).not.to.equal(manageTokenIssuer(`${secret}!`)(id));
  });

  it('without a secret, tokens are random (told once)', () => {
    const issue = manageTokenIssuer(undefined);
    expect(issue).to.equal(randomManageTokens);
    expect(issue('x')).not.to.equal(issue('x'));
  });

  describe('recoverManageTokens', () => {
    let w: BookingWorld;
    before(async () => {
      w = await setUpBookingWorld();
    });

    it("gives back the signed token where its hash is the stored one, and nothing for a random one or another secret's", async () => {
      const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-25T09:00:00Z', invitee: invitee() });
      const [attendee] = made.booking.attendees;
      const signed = manageTokenIssuer(secret)(attendee!.id);
      expect(await recoverManageTokens(w.db, secret, [attendee!.id]), 'the world books with random tokens').to.deep.equal({});
      await w.db('booking_attendees').where({ id: attendee!.id }).update({ manage_token_hash: hashSecret(signed) });
      expect(await recoverManageTokens(w.db, secret, [attendee!.id])).to.deep.equal({ [attendee!.id]: signed });
      expect(await recoverManageTokens(w.db, `${secret}!`, [attendee!.id])).to.deep.equal({});
      expect(await recoverManageTokens(w.db, undefined, [attendee!.id])).to.deep.equal({});
      expect(await recoverManageTokens(w.db, secret, [])).to.deep.equal({});
    });
  });
});
