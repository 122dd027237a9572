import { expect } from 'chai';
import { meetCommand } from '../../../../../bot/slack/listeners/commands/meet.js';
import { fakeSlackWorld } from '../fakeSlack.js';

const command = (text: string, user = 'UADA') => ({ team_id: 'T1', user_id: user, text, command: '/meet', channel_id: 'C1' }) as any;

describe('meetCommand (/meet)', () => {
  it('acks first, then answers only the asker with slot buttons in their Slack zone', async () => {
    const w = fakeSlackWorld();
    await meetCommand(w.ctx, { command: command('30 min with <@UALICE> tomorrow 3pm'), ack: w.ack, respond: w.respond as any, client: w.client });
    expect(w.methods()[0]).to.equal('ack');
    const [answer] = w.callsTo('respond');
    expect(answer!.response_type).to.equal('ephemeral');
    expect(JSON.stringify(answer!.blocks)).to.include('Wed 25 Nov, 15:00–15:30');
    expect(w.core.proposeOrAnswer[0]).to.include({ text: '30 min with @alice tomorrow 3pm', source: 'slack', timezone: 'Europe/Paris' });
  });

  it('turns an error into a short warning for the asker only', async () => {
    const w = fakeSlackWorld();
    await meetCommand(w.ctx, { command: command('with <@UNOBODY> friday'), ack: w.ack, respond: w.respond as any, client: w.client });
    const [answer] = w.callsTo('respond');
    expect(answer).to.deep.include({ response_type: 'ephemeral' });
    expect(answer!.text).to.match(/^:warning: <@UNOBODY> has no Yava account/);
  });

  it('answers someone without a Yava account with the link instructions', async () => {
    const w = fakeSlackWorld();
    await meetCommand(w.ctx, { command: command('list', 'USTRANGER'), ack: w.ack, respond: w.respond as any, client: w.client });
    expect(w.callsTo('respond')[0]!.text).to.include('yava_link_test');
  });

  it('answers /meet help from someone not linked yet with the commands', async () => {
    const w = fakeSlackWorld();
    await meetCommand(w.ctx, { command: command('help', 'USTRANGER'), ack: w.ack, respond: w.respond as any, client: w.client });
    const text = w.callsTo('respond')[0]!.text as string;
    expect(text).to.include('/meet list').and.include('/meet link');
    expect(text).not.to.include('yava_link_');
  });
});
