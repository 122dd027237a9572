import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { ApiClient } from '../../cli/client.js';
import { ApiError, UnreachableError } from '../../cli/errors.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('cli/client ApiClient', () => {
  let server: Server;
  let base: string;
  let seen: Seen[];
  let answer: (req: IncomingMessage) => { status: number; type?: string; body: string; delayMs?: number };

  beforeEach(async () => {
    seen = [];
    answer = () => ({ status: 200, type: 'application/json', body: '{"ok":true}' });
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const a = answer(req);
        setTimeout(() => {
          res.writeHead(a.status, a.type ? { 'content-type': a.type } : {});
          res.end(a.body);
        }, a.delayMs ?? 0);
      });
    });
    // The server would keep an idle connection open for 5 s: the client must not.
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  });

  it('sends the token, the query and a JSON body, and reads the JSON answer', async () => {
    const client = new ApiClient({ server: base, token: 'tok-1' });
    answer = () => ({ status: 201, type: 'application/json', body: '{"id":"m1"}' });
    const out = await client.post<{ id: string }>('/api/things', { name: 'Ada é' });
    expect(out).to.deep.equal({ id: 'm1' });
    await client.get('/api/meetings', { scope: 'upcoming', limit: 5, cursor: undefined, empty: '' });
    expect(seen[0]!.method).to.equal('POST');
    expect(seen[0]!.headers.authorization).to.equal('Bearer tok-1');
    expect(seen[0]!.headers['content-type']).to.equal('application/json');
    expect(JSON.parse(seen[0]!.body)).to.deep.equal({ name: 'Ada é' });
    expect(seen[1]!.url).to.equal('/api/meetings?scope=upcoming&limit=5');
  });

  it('asks for no keep-alive, so the connection is gone once the answer is read (the command can exit at once)', async () => {
    const client = new ApiClient({ server: base, token: 't' });
    await client.get('/api/meetings');
    expect(seen[0]!.headers.connection).to.equal('close');
    const open = await new Promise<number>((ok, fail) => server.getConnections((err, n) => (err ? fail(err) : ok(n))));
    // The server closes a `Connection: close` socket as it ends the answer; allow it a moment.
    for (let i = 0; i < 50 && (await new Promise<number>((ok) => server.getConnections((_e, n) => ok(n)))) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await new Promise<number>((ok) => server.getConnections((_e, n) => ok(n)))).to.equal(0, `connections still open (was ${open})`);
  });

  it('turns problem+json into an ApiError with the status and code, and a bare error page into its status line', async () => {
    const client = new ApiClient({ server: base, token: 't' });
    answer = () => ({ status: 409, type: 'application/problem+json', body: '{"status":409,"title":"Conflict","detail":"That time was just taken","code":"slot_taken"}' });
    const problem = await client.get('/x').then(() => null, (e: unknown) => e);
    expect(problem).to.be.instanceOf(ApiError);
    expect((problem as ApiError).message).to.equal('That time was just taken');
    expect((problem as ApiError).code).to.equal('slot_taken');
    answer = () => ({ status: 502, type: 'text/html', body: '<h1>Bad gateway</h1>' });
    const bare = await client.get('/x').then(() => null, (e: unknown) => e);
    expect((bare as ApiError).status).to.equal(502);
    expect((bare as ApiError).message).to.equal('Bad Gateway');
  });

  it('fails before any request without a token, and names an unreachable or silent server', async () => {
    const noToken = await new ApiClient({ server: base }).get('/x').then(() => null, (e: unknown) => e);
    expect((noToken as ApiError).code).to.equal('not_logged_in');
    expect(seen).to.have.length(0);
    const closed = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    const down = await new ApiClient({ server: closed, token: 't' }).get('/x').then(() => null, (e: unknown) => e);
    expect(down).to.be.instanceOf(UnreachableError);
    expect((down as UnreachableError).message).to.include('is it running?');
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    answer = () => ({ status: 200, body: '{}', delayMs: 400 });
    const slow = await new ApiClient({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 't', timeoutMs: 50 }).get('/x').then(() => null, (e: unknown) => e);
    expect((slow as UnreachableError).message).to.include('did not answer in time');
  });
});
