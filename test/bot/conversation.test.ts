import { expect } from 'chai';
import { normalizeMentions, parseCommand } from '../../bot/conversation/index.js';
import { isValidSlackSignature, signSlackRequest } from '../../bot/slack/signature.js';
import { decodePickId, encodePickId } from '../../bot/discord/render.js';

describe('bot conversation helpers', () => {
  it('turns Slack and Discord mentions into @ids and remembers them', () => {
    const { text, mentionIds } = normalizeMentions('30 min with <@U0ABC|alice> and <@!1234> and @bob');
    expect(text).to.equal('30 min with @U0ABC and @1234 and @bob');
    expect([...mentionIds]).to.deep.equal(['U0ABC', '1234']);
  });

  it('reads subcommands and leaves everything else as a request', () => {
    expect(parseCommand('')).to.deep.equal({ name: 'help', args: '' });
    expect(parseCommand('LIST')).to.deep.equal({ name: 'list', args: '' });
    expect(parseCommand('cancel 1a2b3c4d')).to.deep.equal({ name: 'cancel', args: '1a2b3c4d' });
    expect(parseCommand('slots @alice friday')).to.deep.equal({ name: 'slots', args: '@alice friday' });
    expect(parseCommand('list my options with @alice tomorrow').name).to.equal('request');
  });

  it('checks Slack signatures and their age (five minutes either way)', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    const ts = String(now / 1000);
    const signature = signSlackRequest('s3cret', ts, 'a=b');
    expect(isValidSlackSignature({ secret: 's3cret', signature, timestamp: ts, rawBody: 'a=b', nowMs: now })).to.equal(true);
    expect(isValidSlackSignature({ secret: 's3cret', signature, timestamp: ts, rawBody: 'a=c', nowMs: now })).to.equal(false);
    expect(isValidSlackSignature({ secret: 's3cret', signature, timestamp: ts, rawBody: 'a=b', nowMs: now + 301_000 })).to.equal(false);
    expect(isValidSlackSignature({ secret: 's3cret', signature, timestamp: ts, rawBody: 'a=b', nowMs: now - 301_000 })).to.equal(false);
  });

  it('fits a Discord pick into a custom_id of at most 100 characters', () => {
    const id = encodePickId('0b5c7a4e-8f3e-4d7a-9a51-3c2f1e0d9b8a', '2026-11-25T14:00:00.000Z');
    expect(id.length).to.be.at.most(100);
    expect(decodePickId(id)).to.deep.equal({ proposalId: '0b5c7a4e-8f3e-4d7a-9a51-3c2f1e0d9b8a', start: '2026-11-25T14:00:00.000Z' });
  });
});
