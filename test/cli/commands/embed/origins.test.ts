import { expect } from 'chai';
import EmbedOrigins from '../../../../cli/commands/embed/origins.js';
import { ApiError } from '../../../../cli/errors.js';
import { fakeApi, reportedError, runWith } from '../harness.js';

describe('cli/commands/embed/origins', () => {
  it('lists the allowed origins without changing them', async () => {
    const api = fakeApi({ 'GET /api/me/embed-origins': { origins: ['https://a.example'] } });
    const { stdout } = await runWith(EmbedOrigins, [], api);
    expect(stdout).to.include('https://a.example');
    expect(api.calls.map((c) => c.method)).to.deep.equal(['GET']);
  });
  it('adds and removes origins with one PUT of the whole list', async () => {
    const api = fakeApi({ 'GET /api/me/embed-origins': { origins: ['https://a.example', 'https://b.example'] }, 'PUT /api/me/embed-origins': { origins: ['https://a.example', 'https://c.example'] } });
    const { stdout } = await runWith(EmbedOrigins, ['--add', 'https://c.example', '--remove', 'https://b.example/'], api);
    expect(api.calls[1]!.body).to.deep.equal({ origins: ['https://a.example', 'https://c.example'] });
    expect(stdout).to.include('https://c.example');
  });
  it('names a refused origin by --add', async () => {
    const refused = new ApiError({ status: 400, code: 'validation_failed', errors: [{ field: 'origins', message: 'expected an origin like https://example.com (http:// only for localhost), not "http://evil.example.com"' }] });
    const api = fakeApi({
      'GET /api/me/embed-origins': { origins: [] },
      'PUT /api/me/embed-origins': () => {
        throw refused;
      },
    });
    const { message, exit } = await reportedError(EmbedOrigins, ['--add', 'http://evil.example.com'], api);
    expect(message).to.match(/^--add: expected an origin like https:\/\/example\.com/);
    expect(exit).to.equal(2);
  });
});
