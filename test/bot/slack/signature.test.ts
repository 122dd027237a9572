import { expect } from 'chai';
import { isValidSlackSignature, signSlackRequest } from '../../../bot/slack/signature.js';

describe('Slack request signatures', () => {
  it('checks Slack signatures and their age (five minutes either way)', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    const ts = String(now / 1000);
    const signature = signSlackRequest('s3cret', ts, 'a=b');
    expect(isValidSlackSignature({ secret: 's3cret', signature, timestamp: ts, rawBody: 'a=b', nowMs: now })).to.equal(true);
    expect(isValidSlackSignature({ secret: 's3cret', signature, timestamp: ts, rawBody: 'a=c', nowMs: now })).to.equal(false);
    expect(isValidSlackSignature({ secret: 's3cret', signature, timestamp: ts, rawBody: 'a=b', nowMs: now + 301_000 })).to.equal(false);
    expect(isValidSlackSignature({ secret: 's3cret', signature, timestamp: ts, rawBody: 'a=b', nowMs: now - 301_000 })).to.equal(false);
  });
});
