import { expect } from 'chai';
import { cancelMeeting } from '../../../../../bot/slack/listeners/actions/cancelMeeting.js';
import { CANCEL_ACTION } from '../../../../../bot/slack/views/meetingList.js';
import { booking } from '../../../conversation/fakePorts.js';
import { fakeSlackWorld } from '../fakeSlack.js';

const click = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  body: { team: { id: 'T1' }, user: { id: 'UADA', team_id: 'T1' }, container, ...extra } as any,
  action: { action_id: CANCEL_ACTION, value: booking().id } as any,
});

describe('cancelMeeting (a cancel button)', () => {
  it('cancels from a message list and answers there', async () => {
    const w = fakeSlackWorld();
    await cancelMeeting(w.ctx, { ...click({ type: 'message' }), ack: w.ack, respond: w.respond as any, client: w.client });
    expect(w.methods()[0]).to.equal('ack');
    expect(w.core.cancelBooking[0]!.id).to.equal(booking().id);
    expect(w.callsTo('respond')[0]!.text).to.match(/^Canceled: /);
    expect(w.callsTo('views.publish')).to.have.length(0);
  });

  it('redraws the App Home tab when the button was on it', async () => {
    const w = fakeSlackWorld();
    await cancelMeeting(w.ctx, { ...click({ type: 'view', view_id: 'V1' }, { view: { type: 'home' } }), ack: w.ack, respond: w.respond as any, client: w.client });
    expect(w.callsTo('respond')).to.have.length(0);
    expect(w.callsTo('views.publish')[0]!.user_id).to.equal('UADA');
  });
});
