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

  it('ignores the Messages tab', async () => {
    const w = fakeSlackWorld();
    await appHomeOpened(w.ctx, { event: { type: 'app_home_opened', user: 'UADA', channel: 'D1', tab: 'messages', event_ts: '1' } as any, body: { team_id: 'T1' } as any, client: w.client });
    expect(w.calls).to.have.length(0);
  });
});
