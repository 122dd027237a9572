import { Flags } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';
import { ApiClient } from '../client.js';
import { configPath, readStoredConfig, writeStoredConfig } from '../config.js';
import { ApiError } from '../errors.js';

export interface LogoutResult {
  loggedOut: boolean;
  revoked: boolean;
  server: string | null;
  /** With --all: every login of the account ended (web sessions, other devices, linked apps such as Alexa). */
  everywhere?: boolean;
}

export default class Logout extends ApiCommand<typeof Logout> {
  static override summary = 'Revoke the stored token and forget it.';
  static override description = 'With --all, also end every login of your account: browser sessions, other devices and apps you linked (such as Alexa). Personal access tokens other than this one stay; list and revoke them with `yava tokens`.';
  static override examples = ['<%= config.bin %> logout', '<%= config.bin %> logout --all'];
  static override flags = {
    all: Flags.boolean({ description: 'Also sign out everywhere: every session and linked app of your account.' }),
  };

  async run(): Promise<LogoutResult> {
    const stored = readStoredConfig();
    if (!stored.token) {
      this.log('Not logged in.');
      return { loggedOut: false, revoked: false, server: stored.server ?? null };
    }
    let revoked = false;
    let everywhere = false;
    if (this.flags.all && stored.server) {
      // Before the token is revoked: it is what signs this request.
      const client = new ApiClient({ server: stored.server, token: stored.token, userAgent: this.config.userAgent });
      await this.spin('Signing out everywhere', client.post('/api/auth/logout', {}));
      everywhere = true;
    }
    if (stored.tokenId && stored.server) {
      const client = new ApiClient({ server: stored.server, token: stored.token, userAgent: this.config.userAgent });
      try {
        await this.spin('Revoking the token', client.delete(`/api/tokens/${encodeURIComponent(stored.tokenId)}`));
        revoked = true;
      } catch (error) {
        // Already revoked or unknown: forgetting it locally is still right.
        if (!(error instanceof ApiError && (error.status === 401 || error.status === 404))) {
          this.warn(`Could not revoke the token on the server (${(error as Error).message}); it is forgotten here but still valid until revoked.`);
        }
      }
    }
    const { token: _token, tokenId: _id, ...rest } = stored;
    writeStoredConfig(rest);
    this.log(`Logged out${stored.server ? ` of ${stored.server}` : ''}${revoked ? ' and revoked the token' : ''}${everywhere ? '; every other session and linked app is signed out too' : ''}. (${configPath()})`);
    return { loggedOut: true, revoked, server: stored.server ?? null, ...(this.flags.all ? { everywhere } : {}) };
  }
}
