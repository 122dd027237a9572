import { expect } from 'chai';
import * as migration from '../../migrations/20261212101000_add_host_invitation_notification_kind.js';
import { setUpBookingWorld, type BookingWorld } from '../core/booking/helpers.js';

describe('migration add_host_invitation_notification_kind: host invitations are a kind of notification', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  const turnOff = (userId: string, kind: string) => w.db('notification_preferences').insert({ user_id: userId, channel: 'email', kind, enabled: false });
  /** The SQLSTATE turning `kind` off fails with, or null when it is taken. */
  const refusal = (userId: string, kind: string): Promise<string | null> => turnOff(userId, kind).then(() => null, (error: { code?: string }) => error.code ?? 'unknown');

  it('takes host_invitation preferences; down forgets them (and guests’ opt-outs of it) and refuses the kind again', async () => {
    await turnOff(w.users.bob, 'host_invitation');
    await turnOff(w.users.bob, 'reminder');
    await w.db('email_unsubscribes').insert([{ email: 'guest@x.org', kind: 'host_invitation' }, { email: 'guest@x.org', kind: 'reminder' }]);
    await migration.down(w.db);
    try {
      expect(await w.db('notification_preferences').where({ user_id: w.users.bob }).pluck('kind')).to.deep.equal(['reminder']);
      expect(await w.db('email_unsubscribes').pluck('kind')).to.deep.equal(['reminder']);
      expect(await refusal(w.users.cy, 'host_invitation'), 'check violation').to.equal('23514');
    } finally {
      await migration.up(w.db);
    }
    expect(await refusal(w.users.cy, 'host_invitation')).to.equal(null);
    expect(await refusal(w.users.cy, 'fax')).to.equal('23514');
  });
});
