import { expect } from 'chai';
import { appHomeOpened } from '../../../../../bot/slack/listeners/events/appHomeOpened.js';
import { fakeSlackWorld } from '../fakeSlack.js';

describe('appHomeOpened', () => {
  it('publishes the home tab with the person\'s upcoming meetings and cancel buttons', async () => {
    const w = fakeSlackWorld();
    await appHomeOpened(w.ctx, { event: { type: 'app_home_opened', user: 'UADA', channel: 'D1', tab: 'home', event_ts: '1' } as any, body: { team_id: 'T1' } as any, client: w.client });
    const [published] = w.callsTo('views.publish');
    expect(published!.user_id).to.equal('UADA');
    expect(JSON.stringify(published!.view)).to.include('meet_cancel').and.include('Ada / Alice');
  });

  it('shows each connected calendar, and says which one needs reconnecting', async () => {
    const w = fakeSlackWorld();
    const listed: string[] = [];
    w.ctx.calendars = {
      list: async (userId) => {
        listed.push(userId);
        return [
          { id: 'c1', provider: 'google', account: 'ada@gmail.com', status: 'needs_reconnect', lastSyncedAt: '2026-11-24T09:00:00.000Z', lastError: 'invalid_grant', calendars: [] },
          { id: 'c2', provider: 'caldav', account: 'ada@fastmail.com', status: 'active', lastSyncedAt: '2026-11-24T09:55:00.000Z', lastError: null, calendars: [] },
        ];
      },
    };
    await appHomeOpened(w.ctx, { event: { type: 'app_home_opened', user: 'UADA', channel: 'D1', tab: 'home', event_ts: '1' } as any, body: { team_id: 'T1' } as any, client: w.client });
    const view = JSON.stringify(w.callsTo('views.publish')[0]!.view);
    expect(listed).to.have.length(1);
    expect(view).to.include('Google Calendar (ada@gmail.com) needs reconnecting').and.include('yava calendars connect google');
    expect(view).to.include('CalDAV (ada@fastmail.com), synced 2026-11-24 09:55 UTC');
    expect(view).to.include('meet_cancel');
  });

  it('says when no calendar is connected', async () => {
    const w = fakeSlackWorld();
    w.ctx.calendars = { list: async () => [] };
    await appHomeOpened(w.ctx, { event: { type: 'app_home_opened', user: 'UADA', channel: 'D1', tab: 'home', event_ts: '1' } as any, body: { team_id: 'T1' } as any, client: w.client });
    expect(JSON.stringify(w.callsTo('views.publish')[0]!.view)).to.include('none connected');
  });

  it('ignores the Messages tab', async () => {
    const w = fakeSlackWorld();
    await appHomeOpened(w.ctx, { event: { type: 'app_home_opened', user: 'UADA', channel: 'D1', tab: 'messages', event_ts: '1' } as any, body: { team_id: 'T1' } as any, client: w.client });
    expect(w.calls).to.have.length(0);
  });
});
