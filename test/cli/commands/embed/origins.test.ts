import { expect } from 'chai';
import EmbedOrigins from '../../../../cli/commands/embed/origins.js';
import { fakeApi, runWith } from '../harness.js';

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
});
