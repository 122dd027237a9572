import { expect } from 'chai';
import DomainsAdd from '../../../../cli/commands/domains/add.js';
import DomainsList from '../../../../cli/commands/domains/list.js';
import DomainsRemove from '../../../../cli/commands/domains/remove.js';
import DomainsVerify from '../../../../cli/commands/domains/verify.js';
import { fakeApi, runWith } from '../harness.js';

const domain = { domain: 'book.example.com', verified: false, verificationToken: 'tok', txtRecord: { name: '_yava-verification.book.example.com', value: 'yava-verification=tok' }, httpUrl: 'http://book.example.com/.well-known/yava-verification.txt' };

describe('cli/commands/domains', () => {
  it('add prints the TXT record and the HTTP alternative', async () => {
    const api = fakeApi({ 'POST /api/domains': domain });
    const { stdout } = await runWith(DomainsAdd, ['book.example.com'], api);
    expect(api.calls[0]!.body).to.deep.equal({ domain: 'book.example.com' });
    expect(stdout).to.include('_yava-verification.book.example.com = "yava-verification=tok"').and.include('yava domains verify book.example.com');
  });
  it('list, verify and remove call their endpoints', async () => {
    const api = fakeApi({ 'GET /api/domains': { domains: [domain] }, 'POST /api/domains/book.example.com/verify': { ...domain, verified: true }, 'DELETE /api/domains/book.example.com': null });
    expect((await runWith(DomainsList, [], api)).stdout).to.include('book.example.com');
    expect((await runWith(DomainsVerify, ['book.example.com'], api)).stdout).to.include('is verified');
    await runWith(DomainsRemove, ['book.example.com'], api);
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).to.deep.equal(['GET /api/domains', 'POST /api/domains/book.example.com/verify', 'DELETE /api/domains/book.example.com']);
  });
  it('a contested domain is added with the TXT record as the only way, and list says how each was verified', async () => {
    const api = fakeApi({
      'POST /api/domains': { ...domain, contested: true },
      'GET /api/domains': { domains: [{ ...domain, contested: true }, { ...domain, domain: 'shop.example.org', verified: true, verifiedVia: 'dns' }] },
    });
    const added = (await runWith(DomainsAdd, ['book.example.com'], api)).stdout;
    expect(added).to.include('another account claims too').and.include('_yava-verification.book.example.com = "yava-verification=tok"');
    expect(added).not.to.include('point the domain at this server');
    const listed = (await runWith(DomainsList, [], api)).stdout;
    expect(listed).to.include('no: contested, TXT record only').and.include('yes (DNS)');
  });
});
