import { expect } from 'chai';
import BrandingCommand from '../../../cli/commands/branding.js';
import { fakeApi, runWith } from './harness.js';

const saved = { brandColor: '#7a1fa2', logoUrl: null, avatarUrl: null, hideBranding: true };

describe('cli/commands/branding', () => {
  it('shows the brand without flags', async () => {
    const api = fakeApi({ 'GET /api/me/branding': { ...saved, hideBranding: false } });
    const { stdout } = await runWith(BrandingCommand, [], api);
    expect(stdout).to.include('Colour: #7a1fa2').and.include('Yava branding: shown');
  });
  it('sends only what the flags name ("none" removes a value)', async () => {
    const api = fakeApi({ 'PUT /api/me/branding': saved });
    await runWith(BrandingCommand, ['--color', '#7a1fa2', '--logo', 'none', '--hide-branding'], api);
    expect(api.calls[0]!.body).to.deep.equal({ brandColor: '#7a1fa2', logoUrl: null, hideBranding: true });
  });
  it('changes a team\u2019s brand with --team', async () => {
    const api = fakeApi({ 'PUT /api/teams/acme/branding': { brandColor: '#00695c', logoUrl: null, hideBranding: false } });
    await runWith(BrandingCommand, ['--team', 'acme', '--no-hide-branding'], api);
    expect(api.calls[0]!.body).to.deep.equal({ hideBranding: false });
  });
});
