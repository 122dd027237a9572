import { Flags } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';

interface Branding {
  brandColor: string | null;
  logoUrl: string | null;
  avatarUrl?: string | null;
  hideBranding: boolean;
}

export default class BrandingCommand extends ApiCommand<typeof BrandingCommand> {
  static override summary = 'Show or change your brand (or a team\u2019s): colour, logo, picture, "hide Yava branding".';
  static override examples = [
    '<%= config.bin %> branding',
    '<%= config.bin %> branding --color "#7a1fa2" --logo https://cdn.example.com/logo.png --hide-branding',
    '<%= config.bin %> branding --team acme --color "#00695c" --json',
  ];
  static override flags = {
    color: Flags.string({ description: 'Brand colour, #rrggbb ("none" removes it).' }),
    logo: Flags.string({ description: 'Logo image, an https URL ("none" removes it).' }),
    avatar: Flags.string({ description: 'Your picture, an https URL ("none" removes it); not for teams.' }),
    'hide-branding': Flags.boolean({ description: 'Hide Yava branding (plan feature white label); --no-hide-branding shows it again.', allowNo: true }),
    team: Flags.string({ description: 'Change this team\u2019s brand (team admins).' }),
  };

  async run(): Promise<Branding> {
    const f = this.flags;
    const value = (v: string | undefined) => (v === undefined ? undefined : v === 'none' ? null : v);
    const patch = Object.fromEntries(
      Object.entries({ brandColor: value(f.color), logoUrl: value(f.logo), avatarUrl: value(f.avatar), hideBranding: f['hide-branding'] }).filter(([, v]) => v !== undefined),
    );
    let result: Branding;
    if (f.team) result = await this.spin('Saving', this.client.put<Branding>(`/api/teams/${encodeURIComponent(f.team)}/branding`, patch));
    else if (Object.keys(patch).length) result = await this.spin('Saving', this.client.put<Branding>('/api/me/branding', patch));
    else result = await this.spin('Loading', this.client.get<Branding>('/api/me/branding'));
    this.log(`Colour: ${result.brandColor ?? '(Yava blue)'}\nLogo: ${result.logoUrl ?? '-'}${result.avatarUrl !== undefined ? `\nPicture: ${result.avatarUrl ?? '(initials)'}` : ''}\nYava branding: ${result.hideBranding ? 'hidden' : 'shown'}`);
    return result;
  }
}
