import { expect } from 'chai';
import { isAddressInNetwork, networkOf, normaliseAddress, parseNetwork } from '../../../core/spam/network.js';
import { emailDomain, hasLink, isDisposableDomain } from '../../../core/spam/signals.js';

describe('spam networks and signals', () => {
  it('groups IPv4 by /24 and IPv6 by /64, mapped IPv4 as IPv4', () => {
    expect(networkOf('203.0.113.7')).to.equal('203.0.113.0/24');
    expect(networkOf('::ffff:203.0.113.7')).to.equal('203.0.113.0/24');
    expect(networkOf('2001:db8:1:2:3:4:5:6')).to.equal('2001:db8:1:2::/64');
    expect(networkOf('2001:db8::1')).to.equal('2001:db8:0:0::/64');
    expect(networkOf('not an ip')).to.equal(null);
    expect(normaliseAddress(' 10.0.0.1 ')).to.equal('10.0.0.1');
  });
  it('reads blocklist networks and matches addresses in them', () => {
    expect(parseNetwork('10.1.2.3')!.text).to.equal('10.1.2.3/32');
    expect(parseNetwork('10.1.2.0/33')).to.equal(null);
    expect(isAddressInNetwork('10.1.2.200', '10.1.2.0/24')).to.equal(true);
    expect(isAddressInNetwork('10.1.3.1', '10.1.2.0/24')).to.equal(false);
    expect(isAddressInNetwork('2001:db8:1:2::99', '2001:db8:1:2::/64')).to.equal(true);
    expect(isAddressInNetwork('2001:db8:1:3::99', '2001:db8:1:2::/64')).to.equal(false);
  });
  it('knows disposable domains from mailchecker, including subdomains', () => {
    expect(isDisposableDomain('mailinator.com')).to.equal(true);
    expect(isDisposableDomain('eu.mailinator.com')).to.equal(true);
    expect(isDisposableDomain('example.org')).to.equal(false);
    expect(emailDomain('A@Sub.Example.ORG')).to.equal('sub.example.org');
  });
  it('finds links in names and notes', () => {
    for (const t of ['see https://x.example/a', 'visit www.cheap-pills.biz', 'go to pills.xyz/buy', '<a href=x>', '[url=x]']) expect(hasLink(t), t).to.equal(true);
    for (const t of ['Ann-Marie O’Neil', 'Discuss the Q3 plan. Thanks!', null]) expect(hasLink(t), String(t)).to.equal(false);
  });
});
