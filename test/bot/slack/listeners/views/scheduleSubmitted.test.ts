import { expect } from 'chai';
import { scheduleSubmitted } from '../../../../../bot/slack/listeners/views/scheduleSubmitted.js';
import { REQUEST_BLOCK, REQUEST_INPUT } from '../../../../../bot/slack/views/scheduleModal.js';
import { fakeSlackWorld } from '../fakeSlack.js';

const submission = (privateMetadata: string) => ({
  body: { team: { id: 'T1' }, user: { id: 'UADA', team_id: 'T1' } } as any,
  view: { private_metadata: privateMetadata, state: { values: { [REQUEST_BLOCK]: { [REQUEST_INPUT]: { type: 'plain_text_input', value: 'launch plan 30 min with <@UALICE> tomorrow 3pm' } } } } } as any,
});

describe('scheduleSubmitted (the modal)', () => {
  it('acks, runs the request through the conversation, and answers in the channel it came from', async () => {
    const w = fakeSlackWorld();
    await scheduleSubmitted(w.ctx, { ...submission(JSON.stringify({ channel: 'C9' })), ack: w.ack, client: w.client });
    expect(w.methods()[0]).to.equal('ack');
    expect(w.core.proposeOrAnswer[0]!.text).to.equal('launch plan 30 min with @alice tomorrow 3pm');
    const [ephemeral] = w.callsTo('chat.postEphemeral');
    expect(ephemeral).to.include({ channel: 'C9', user: 'UADA' });
    expect(JSON.stringify(ephemeral!.blocks)).to.include('Wed 25 Nov, 15:00–15:30');
  });

  it('answers in the direct message when the modal forgot its channel', async () => {
    const w = fakeSlackWorld();
    await scheduleSubmitted(w.ctx, { ...submission('{not json'), ack: w.ack, client: w.client });
    expect(w.callsTo('chat.postEphemeral')[0]!.channel).to.equal('UADA');
  });
});
