import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import { checkCertUrl, checkChain, splitPem } from '../../../core/voice/alexaVerify.js';
import { makeChain } from './certificates.js';

describe('core/voice/alexaVerify (Amazon\'s request verification rules)', function () {
  this.timeout(30_000);
  const good = makeChain();
  const now = new Date(Date.now() + 3_600_000);

  it('normalises the certificate URL and keeps only Amazon\'s', () => {
    expect(checkCertUrl('https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem')).to.equal('https://s3.amazonaws.com/echo.api/echo-api-cert.pem');
    expect(checkCertUrl('HTTPS://S3.AmazonAWS.com:443/echo.api/x.pem')).to.equal('https://s3.amazonaws.com/echo.api/x.pem');
    for (const bad of [undefined, 'not a url', 'https://s3.amazonaws.com/echo.api/../x.pem', 'https://s3.amazonaws.com.evil.com/echo.api/x.pem', 'ftp://s3.amazonaws.com/echo.api/x.pem']) {
      expect(() => checkCertUrl(bad), String(bad)).to.throw(/Alexa request rejected/);
    }
  });

  it('accepts a chain for echo-api.amazon.com ending at a trusted root, valid now', () => {
    expect(() => checkChain(splitPem(good.chain), [new X509Certificate(good.ca)], now)).not.to.throw();
  });

  it('refuses another name, an untrusted root, a broken chain and a time outside validity', () => {
    const other = makeChain('DNS:example.com');
    const stranger = makeChain();
    const roots = [new X509Certificate(good.ca)];
    expect(() => checkChain(splitPem(other.chain), [new X509Certificate(other.ca)], now)).to.throw(/not for echo-api.amazon.com/);
    expect(() => checkChain(splitPem(stranger.chain), roots, now)).to.throw(/trusted root/);
    const [leaf] = splitPem(stranger.chain);
    expect(() => checkChain([leaf!, new X509Certificate(good.ca)], roots, now)).to.throw(/broken/);
    expect(() => checkChain(splitPem(good.chain), roots, new Date(Date.now() + 400 * 86_400_000))).to.throw(/not valid now/);
    expect(() => checkChain([], roots, now)).to.throw(/empty/);
  });
});
