import { expect } from 'chai';
import { pickSlot } from '../../../../../bot/slack/listeners/actions/pickSlot.js';
import { PICK_ACTION } from '../../../../../bot/slack/views/slotPicker.js';
import { fakeSlackWorld } from '../fakeSlack.js';

const click = (value: string) => ({
  body: { team: { id: 'T1' }, user: { id: 'UADA', team_id: 'T1' }, container: { type: 'message' } } as any,
  action: { action_id: PICK_ACTION, value } as any,
});

describe('pickSlot (a slot button)', () => {
  it('acks, books the pick, replaces the buttons with the booking, and messages each participant in their zone', async () => {
    const w = fakeSlackWorld();
    await pickSlot(w.ctx, { ...click(`${w.next.request.id}|2026-11-25T14:00:00.000Z`), ack: w.ack, respond: w.respond as any, client: w.client });
    expect(w.methods()[0]).to.equal('ack');
    expect(w.core.book[0]).to.include({ id: w.next.request.id, start: '2026-11-25T14:00:00.000Z' });
    expect(w.callsTo('respond')[0]).to.include({ replace_original: true }).and.have.property('text').that.matches(/^Booked: .*Wed 25 Nov, 15:00–15:30/);
    const dms = w.callsTo('chat.postMessage');
    expect(dms.map((m) => m.channel)).to.deep.equal(['UADA', 'UALICE']);
    expect(dms[1]!.text).to.include('Wed 25 Nov, 09:00–09:30');
  });

  it('says a broken button is no longer valid and books nothing', async () => {
    const w = fakeSlackWorld();
    await pickSlot(w.ctx, { ...click('garbage'), ack: w.ack, respond: w.respond as any, client: w.client });
    expect(w.core.book).to.have.length(0);
    expect(w.callsTo('respond')[0]!.text).to.equal(':warning: That button is no longer valid: run /meet again.');
  });
});
