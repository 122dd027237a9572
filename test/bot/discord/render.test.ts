import { expect } from 'chai';
import { decodePickId, encodePickId } from '../../../bot/discord/render.js';

describe('Discord slot buttons', () => {
  it('fits a Discord pick into a custom_id of at most 100 characters', () => {
    const id = encodePickId('0b5c7a4e-8f3e-4d7a-9a51-3c2f1e0d9b8a', '2026-11-25T14:00:00.000Z');
    expect(id.length).to.be.at.most(100);
    expect(decodePickId(id)).to.deep.equal({ proposalId: '0b5c7a4e-8f3e-4d7a-9a51-3c2f1e0d9b8a', start: '2026-11-25T14:00:00.000Z' });
  });
});
