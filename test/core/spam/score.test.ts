import { expect } from 'chai';
import { scoreBooking, type SpamPolicy, type SpamSignals } from '../../../core/spam/score.js';

const policy: SpamPolicy = { burstWindowSeconds: 60, burstPerAddress: 10, burstPerNetwork: 30, burstPerEmail: 5, minFormSeconds: 3, noShowLimit: 2 };
const clean: SpamSignals = { email: 'a@example.org', domain: 'example.org', blocklisted: [], disposable: false, hasMx: null, honeypotFilled: false, formSeconds: 20, linkInText: false, firstTimeBooker: true, noShows: 0, recent: { address: 1, network: 1, email: 1 } };
const codes = (s: Partial<SpamSignals>) => scoreBooking({ ...clean, ...s }, policy);

describe('scoreBooking', () => {
  it('allows a booking with nothing against it', () => {
    expect(codes({})).to.deep.equal({ decision: 'allow', reasons: [] });
  });
  it('blocks blocklisted, disposable, no-MX, honeypot and burst attempts', () => {
    expect(codes({ blocklisted: [{ kind: 'network', value: '10.0.0.0/24' }] }).reasons[0]!.code).to.equal('blocklisted_network');
    for (const s of [{ disposable: true }, { hasMx: false }, { honeypotFilled: true }, { recent: { address: 11, network: 11, email: 1 } }, { recent: { address: 1, network: 31, email: 1 } }, { recent: { address: 1, network: 1, email: 6 } }]) expect(codes(s).decision).to.equal('block');
  });
  it('counts up to the limit as fine and one more as a burst', () => {
    expect(codes({ recent: { address: 10, network: 10, email: 5 } }).decision).to.equal('allow');
    expect(codes({ recent: { address: 11, network: 11, email: 5 } }).reasons.map((r) => r.code)).to.deep.equal(['burst_address']);
  });
  it('challenges links from first-time bookers only, fast forms, and repeated no-shows', () => {
    expect(codes({ linkInText: true }).decision).to.equal('challenge');
    expect(codes({ linkInText: true, firstTimeBooker: false }).decision).to.equal('allow');
    expect(codes({ formSeconds: 2.5 }).reasons.map((r) => r.code)).to.deep.equal(['form_too_fast']);
    expect(codes({ formSeconds: null }).decision).to.equal('allow');
    expect(codes({ noShows: 1 }).decision).to.equal('allow');
    expect(codes({ noShows: 2 }).reasons.map((r) => r.code)).to.deep.equal(['repeated_no_shows']);
  });
  it('lets a blocking reason win over a challenge and lists both', () => {
    const r = codes({ disposable: true, linkInText: true });
    expect(r.decision).to.equal('block');
    expect(r.reasons.map((x) => x.code)).to.deep.equal(['disposable_domain', 'link_in_text']);
  });
});
