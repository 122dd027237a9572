import { expect } from 'chai';
import ICAL from 'ical.js';
import { createFeedService, FEED_TOKEN_PREFIX } from '../../../core/feeds/service.js';
import { isValidMeetingView } from '../../../core/feeds/viewLinks.js';
import { expectCode, invitee, setUpBookingWorld, type BookingWorld } from '../booking/helpers.js';

const PUBLIC_URL = 'https://yava.example.com';

describe('core/feeds/service', () => {
  let w: BookingWorld;
  before(async () => {
    w = await setUpBookingWorld();
  });

  const feeds = () => createFeedService({ db: w.db, clock: w.clock, publicUrl: PUBLIC_URL, viewSecret: 'view-secret' });
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1, -'.ics'.length);
  const events = (body: string) => new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent');

  it('issues one feed URL per user (https and webcal), and rotating kills the old one', async () => {
    const service = feeds();
    const first = await service.getFeedUrls(w.users.ada!);
    expect(first.url).to.match(new RegExp(`^${PUBLIC_URL}/ics/${FEED_TOKEN_PREFIX}[\\w-]+\\.ics$`));
    expect(first.webcalUrl).to.equal(first.url.replace('https:', 'webcal:'));
    expect(await service.getFeedUrls(w.users.ada!)).to.deep.equal(first);
    const rotated = await service.rotateFeed(w.users.ada!);
    expect(rotated.url).not.to.equal(first.url);
    await expectCode(service.buildUserFeed(tokenOf(first.url)), 'not_found');
    await expectCode(service.buildUserFeed('not-a-feed-token'), 'not_found');
    await expectCode(service.getFeedUrls('00000000-0000-4000-8000-000000000000'), 'user_not_found');
  });

  it("lists the host's meetings with read-only links, keeps cancelled ones as CANCELLED, and leaves them out of ?upcoming", async () => {
    const service = feeds();
    const kept = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-26T09:00:00Z', invitee: invitee('Ivy', 'ivy@x.org') });
    const dropped = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-26T11:00:00Z', invitee: invitee('Joe', 'joe@x.org') });
    await w.booking.cancelBooking(dropped.booking.id, { reason: 'clash' }, { userId: w.users.ada });
    const token = tokenOf((await service.getFeedUrls(w.users.ada!)).url);

    const all = await service.buildUserFeed(token);
    const byStatus = new Map(events(all.body).map((e) => [String(e.getFirstPropertyValue('status')), e]));
    expect([...byStatus.keys()].sort()).to.deep.equal(['CANCELLED', 'CONFIRMED']);
    const url = String(byStatus.get('CONFIRMED')!.getFirstPropertyValue('url'));
    const view = new URL(url).searchParams.get('view')!;
    expect(isValidMeetingView('view-secret', kept.booking.id, view)).to.equal(true);
    expect(all.etag).to.match(/^"[\w-]{32}"$/);
    expect(all.filename).to.equal('ada.ics');

    const upcoming = await service.buildUserFeed(token, { upcoming: true });
    expect(events(upcoming.body).map((e) => String(e.getFirstPropertyValue('status')))).to.deep.equal(['CONFIRMED']);
    expect(upcoming.filename).to.equal('ada-upcoming.ics');
    expect((await service.buildUserFeed(token)).etag, 'same content, same ETag').to.equal(all.etag);
  });

  it('gives one meeting as .ics to its manage token or its host, and to nobody else', async () => {
    const service = feeds();
    const made = await w.booking.scheduleBooking({ user: 'ada', eventType: 'intro', start: '2026-11-27T09:00:00Z', invitee: invitee('Kim', 'kim@x.org') });
    const byToken = await service.buildMeetingIcs(made.booking.id, { manageToken: made.manageToken });
    expect(byToken.body).to.include('METHOD:PUBLISH');
    expect(events(byToken.body)).to.have.length(1);
    expect((await service.buildMeetingIcs(made.booking.id, { userId: w.users.ada })).body).to.equal(byToken.body);
    await expectCode(service.buildMeetingIcs(made.booking.id, { manageToken: 'yava_mt_wrong' }), 'booking_not_found');
    await expectCode(service.buildMeetingIcs(made.booking.id, {}), 'booking_not_found');
    await expectCode(service.buildMeetingIcs('not-a-uuid', { userId: w.users.ada }), 'booking_not_found');
  });
});
