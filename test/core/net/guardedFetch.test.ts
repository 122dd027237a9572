import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createGuardedFetch, isPrivateAddressRefusal } from '../../../core/net/guardedFetch.js';

describe('core/net/guardedFetch', () => {
  let server: Server;
  let base: string;
  const seen: IncomingMessage[] = [];

  before(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      if (req.url === '/hop') return res.writeHead(301, { location: '/end' }).end();
      if (req.url === '/away') return res.writeHead(302, { location: base.replace('127.0.0.1', 'localhost') + '/end' }).end();
      if (req.url === '/big') return res.end('x'.repeat(5000));
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => res.writeHead(207, { 'content-type': 'text/xml', 'x-method': req.method ?? '' }).end(`<ok>${body}</ok>`));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => new Promise((ok) => server.close(ok)));

  it('refuses loopback, private and link-local addresses, by literal or by name, before any byte is sent', async () => {
    const strict = createGuardedFetch({ policy: { allowPrivate: false } });
    const before = seen.length;
    for (const url of [`${base}/`, base.replace('127.0.0.1', 'localhost'), 'http://169.254.169.254/', 'http://[::1]:9/', 'http://10.0.0.1:9/']) {
      const error = await strict(url).then(() => null, (e: unknown) => e);
      expect(isPrivateAddressRefusal(error), url).to.equal(true);
    }
    expect(seen.length).to.equal(before);
    expect(await strict('ftp://example.com/').then(() => null, (e: unknown) => e)).to.be.instanceOf(TypeError);
  });

  it('speaks any method with a body, follows redirects (dropping Authorization off the origin) unless manual, and caps the answer', async () => {
    const open = createGuardedFetch({ policy: { allowPrivate: true }, maxBytes: 1000 });
    const res = await open(`${base}/x`, { method: 'PROPFIND', headers: { depth: '0' }, body: '<a/>' });
    expect(res.status).to.equal(207);
    expect(res.headers.get('x-method')).to.equal('PROPFIND');
    expect(res.url).to.equal(`${base}/x`);
    expect(await res.text()).to.equal('<ok><a/></ok>');
    const followed = await open(`${base}/hop`, { headers: { authorization: 'Basic eDp5' } });
    expect(followed.url).to.equal(`${base}/end`);
    expect(seen.at(-1)!.headers.authorization, 'same origin keeps it').to.equal('Basic eDp5');
    await open(`${base}/away`, { headers: { authorization: 'Basic eDp5' } });
    expect(seen.at(-1)!.headers.authorization, 'another origin does not get it').to.equal(undefined);
    const manual = await open(`${base}/hop`, { redirect: 'manual' });
    expect(manual.status).to.equal(301);
    expect(manual.headers.get('location')).to.equal('/end');
    const tooBig = await open(`${base}/big`).then(() => null, (e: Error) => e);
    expect(tooBig?.message).to.match(/larger than 1000 bytes/);
  });
});
