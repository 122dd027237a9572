import { expect } from 'chai';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';

describe('GET/PUT /api/me/embed-origins', () => {
  let server: RunningServer;
  let call: ReturnType<typeof apiClient>;
  let token: string;

  before(async function () {
    this.timeout(120_000);
    await resetTestDb();
    server = await startTestServer();
    call = apiClient(server.url);
    token = (await registerUser(call, { name: 'Hela Host', username: 'hela', timezone: 'UTC' })).accessToken;
  });
  after(() => server.close());

  it('needs a signed-in user', async () => {
    expect((await call('GET', '/api/me/embed-origins')).status).to.equal(401);
  });
  it('stores the list deduplicated as origins, and refuses a URL with a path (400, nothing changed)', async () => {
    expect((await call('GET', '/api/me/embed-origins', { token })).body).to.deep.equal({ origins: [] });
    const saved = await call('PUT', '/api/me/embed-origins', { token, body: { origins: ['https://Example.com/', 'https://example.com', 'http://localhost:8080'] } });
    expect(saved.body).to.deep.equal({ origins: ['https://example.com', 'http://localhost:8080'] });
    const bad = await call('PUT', '/api/me/embed-origins', { token, body: { origins: ['https://example.com/page'] } });
    expect(bad.status).to.equal(400);
    expect(bad.body.code).to.equal('validation_failed');
    expect((await call('GET', '/api/me/embed-origins', { token })).body.origins).to.have.length(2);
  });
});
