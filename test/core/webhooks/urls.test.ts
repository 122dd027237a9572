import { expect } from 'chai';
import { isPrivateAddress, validateWebhookUrl } from '../../../core/webhooks/urls.js';

describe('webhook URLs (SSRF rules)', () => {
  it('knows private, loopback, link-local, CGNAT, multicast and mapped addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fc00::1', 'fd12::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isPrivateAddress(a), a).to.equal(true);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(a), a).to.equal(false);
    }
  });

  it('accepts only http and https, without credentials', async () => {
    for (const bad of ['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'https://user:pw@example.com/']) {
      let error: unknown;
      try {
        await validateWebhookUrl(bad, { allowPrivate: true });
      } catch (e) {
        error = e;
      }
      expect(error, bad).to.have.property('code', 'validation_failed');
    }
    expect(String(await validateWebhookUrl('http://127.0.0.1:9/h', { allowPrivate: true }))).to.equal('http://127.0.0.1:9/h');
  });

  it('refuses private and local addresses unless allowed', async () => {
    for (const url of ['http://127.0.0.1:8080/h', 'http://localhost/h', 'http://[::1]/h', 'http://169.254.169.254/latest/meta-data', 'https://10.0.0.5/h']) {
      let error: unknown;
      try {
        await validateWebhookUrl(url, { allowPrivate: false });
      } catch (e) {
        error = e;
      }
      expect(error, url).to.have.property('code', 'validation_failed');
      expect((error as Error).message).to.include('WEBHOOK_ALLOW_PRIVATE_URLS');
    }
    expect(String(await validateWebhookUrl('https://8.8.8.8/h', { allowPrivate: false }))).to.equal('https://8.8.8.8/h');
  });
});
