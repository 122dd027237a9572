import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { isValidWebhookSignature, newWebhookSecret, signWebhook } from '../../../core/webhooks/signature.js';
import { loadReadmeVerifier, type Verifier } from '../../helpers/readmeVerifier.js';

describe('webhook signatures (Yava-Signature)', () => {
  const secret = 'whsec_test_secret_0123456789';
  const body = JSON.stringify({ id: 'e1', type: 'booking.created', createdAt: '2026-12-01T09:00:00.000Z', data: { title: 'Ünïcode ✓' } });
  let verify: Verifier;

  before(async () => {
    verify = await loadReadmeVerifier();
  });

  it('is t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">', () => {
    const header = signWebhook(secret, body, 1_764_579_600);
    const expected = createHmac('sha256', secret).update(`1764579600.${body}`).digest('hex');
    expect(header).to.equal(`t=1764579600,v1=${expected}`);
  });

  it('the README verifier accepts a fresh signature, on the string or the raw bytes', () => {
    const now = 1_764_579_600;
    const header = signWebhook(secret, body, now - 10);
    expect(verify(body, header, secret, now)).to.equal(true);
    expect(verify(Buffer.from(body), header, secret, now)).to.equal(true);
    expect(isValidWebhookSignature(secret, body, header, now)).to.equal(true);
  });

  it('the README verifier rejects a replay older than 5 minutes', () => {
    const now = 1_764_579_600;
    expect(verify(body, signWebhook(secret, body, now - 300), secret, now)).to.equal(true);
    expect(verify(body, signWebhook(secret, body, now - 301), secret, now)).to.equal(false);
    expect(verify(body, signWebhook(secret, body, now - 3600), secret, now)).to.equal(false);
    // Re-stamping the captured signature with a fresh t breaks the MAC.
    const old = signWebhook(secret, body, now - 3600);
    expect(verify(body, old.replace(/t=\d+/, `t=${now}`), secret, now)).to.equal(false);
  });

  it('the README verifier rejects another body, another secret, and junk headers', () => {
    const now = 1_764_579_600;
    const header = signWebhook(secret, body, now);
    expect(verify(body.replace('e1', 'e2'), header, secret, now)).to.equal(false);
    expect(verify(body, header, 'another-secret-xyz', now)).to.equal(false);
    for (const junk of [undefined, '', 't=abc,v1=00', `t=${now}`, `v1=${'0'.repeat(64)}`, `t=${now},v1=${'z'.repeat(64)}`]) {
      expect(verify(body, junk, secret, now), String(junk)).to.equal(false);
    }
  });

  it('makes a different random secret each time', () => {
    const a = newWebhookSecret();
    expect(a).to.match(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.to.equal(a);
  });
});
