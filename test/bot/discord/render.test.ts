import { expect } from 'chai';
import type { Reply } from '../../../bot/conversation/index.js';
import { decodePickId, encodePickId, renderReply } from '../../../bot/discord/render.js';

describe('Discord slot buttons', () => {
  it('fits a Discord pick into a custom_id of at most 100 characters', () => {
    const id = encodePickId('0b5c7a4e-8f3e-4d7a-9a51-3c2f1e0d9b8a', '2026-11-25T14:00:00.000Z');
    expect(id.length).to.be.at.most(100);
    expect(decodePickId(id)).to.deep.equal({ proposalId: '0b5c7a4e-8f3e-4d7a-9a51-3c2f1e0d9b8a', start: '2026-11-25T14:00:00.000Z' });
  });
});

describe('Discord messages stay within 2000 characters', () => {
  const long = (n: number, word = 'Quarterly planning ') => word.repeat(Math.ceil(n / word.length)).slice(0, n);
  it('slot buttons for a long title and many people with long names, and a long error', () => {
    const slots: Reply = {
      kind: 'slots',
      proposalId: '0b5c7a4e-8f3e-4d7a-9a51-3c2f1e0d9b8a',
      title: long(900),
      durationMinutes: 30,
      withNames: Array.from({ length: 40 }, () => long(190, 'Name ')),
      timezone: 'Europe/Paris',
      slots: [{ start: '2026-11-25T14:00:00.000Z', end: '2026-11-25T14:30:00.000Z', label: 'Wed 25 Nov, 15:00–15:30' }],
    };
    const message = renderReply(slots);
    expect(message.content.length).to.be.at.most(2000);
    expect(message.content).to.include('Pick a time:');
    expect(renderReply({ kind: 'error', text: long(2500, 'No Yava user is called x. ') }).content.length).to.be.at.most(2000);
  });
});
