import { expect } from 'chai';
import { scheduleFromMessage } from '../../../../../bot/slack/listeners/shortcuts/scheduleFromMessage.js';
import { fakeSlackWorld } from '../fakeSlack.js';

const shortcut = (triggerId: string) => ({ trigger_id: triggerId, channel: { id: 'C9' }, message: { text: 'Can we go over the launch plan?' } }) as any;

describe('scheduleFromMessage (message shortcut)', () => {
  it('acks and opens a modal prefilled with the message, remembering the channel', async () => {
    const w = fakeSlackWorld();
    await scheduleFromMessage(w.ctx, { ack: w.ack, shortcut: shortcut('trig-1'), client: w.client });
    expect(w.methods()).to.deep.equal(['ack', 'views.open']);
    const [opened] = w.callsTo('views.open');
    expect(opened!.trigger_id).to.equal('trig-1');
    expect(JSON.stringify(opened!.view)).to.include('Can we go over the launch plan?').and.include('C9');
  });

  it('survives a modal Slack will not open (the trigger expired)', async () => {
    const w = fakeSlackWorld();
    await scheduleFromMessage(w.ctx, { ack: w.ack, shortcut: shortcut('expired'), client: w.client });
    expect(w.methods()).to.deep.equal(['ack', 'views.open']);
  });
});
