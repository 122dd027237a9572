import { hostname } from 'node:os';
import { Flags } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';
import { ApiClient } from '../client.js';
import { DEFAULT_SERVER, configPath, normalizeServer, readStoredConfig, writeStoredConfig } from '../config.js';
import { ApiError, CliError, missingValue } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { readAllInput } from '../input.js';
import { askInput, askPassword } from '../prompts.js';
import type { PersonalToken, User } from '../types.js';

export interface LoginResult {
  server: string;
  user: User;
  tokenId: string | null;
  configPath: string;
}

export default class Login extends ApiCommand<typeof Login> {
  static override summary = 'Log in and remember a personal access token for this machine.';
  static override description =
    'With an email and password, logs in and creates a long-lived personal access token named "yava CLI on <host>", which is stored in the config file (mode 0600). With --token, stores a token you created elsewhere. Asks for what is missing when run in a terminal.';
  static override examples = [
    '<%= config.bin %> login',
    '<%= config.bin %> login --server http://127.0.0.1:3000 --email demo@yava.local',
    'echo "$PASSWORD" | <%= config.bin %> login --email me@example.com --password-stdin',
    '<%= config.bin %> login --token yava_pat_…',
  ];
  static override flags = {
    email: Flags.string({ description: 'Your account email.' }),
    token: Flags.string({ description: 'Store this personal access token instead of logging in with a password.' }),
    'password-stdin': Flags.boolean({ description: 'Read the password from stdin (for scripts).' }),
  };

  async run(): Promise<LoginResult> {
    const stored = readStoredConfig();
    const server = normalizeServer(this.flags.server || process.env.YAVA_SERVER || stored.server || DEFAULT_SERVER);
    let token = this.flags.token;
    let tokenId: string | null = null;
    let user: User;
    if (token) {
      const client = new ApiClient({ server, token, userAgent: this.config.userAgent });
      user = await this.spin('Checking the token', client.get<User>('/api/me'));
      tokenId = await this.findTokenId(client, token);
    } else {
      const email = await this.need(this.flags.email, '--email', () => askInput('Email'), 'the account email');
      let password: string;
      if (this.flags['password-stdin']) password = (await readAllInput()).replace(/\r?\n$/, '');
      else if (this.canPrompt()) password = await askPassword(`Password for ${email}`);
      else throw missingValue('--password-stdin', 'the password');
      const anonymous = new ApiClient({ server, userAgent: this.config.userAgent });
      const session = await this.spin('Logging in', anonymous.request<{ user: User; accessToken: string; refreshToken: string }>('POST', '/api/auth/login', { auth: false, body: { email, password } })).catch((error) => {
        if (error instanceof ApiError && error.problem.code === 'invalid_credentials') throw new CliError('Email or password is wrong', { exit: EXIT.auth, code: 'invalid_credentials', status: 401 });
        throw error;
      });
      const sessionClient = new ApiClient({ server, token: session.accessToken, userAgent: this.config.userAgent });
      const created = await sessionClient.post<PersonalToken & { token: string }>('/api/tokens', { name: `yava CLI on ${hostname()}`.slice(0, 100) });
      // The CLI keeps only the personal token; the short session is ended right away.
      await sessionClient.request('POST', '/api/auth/logout', { auth: false, body: { refreshToken: session.refreshToken } }).catch(() => undefined);
      token = created.token;
      tokenId = created.id;
      user = session.user;
    }
    const path = writeStoredConfig({ server, token, tokenId: tokenId ?? undefined, email: user.email, username: user.username });
    this.log(`Logged in to ${server} as ${this.paint('bold', user.username)} (${user.email}).`);
    this.log(`Token stored in ${path}.`);
    return { server, user: { id: user.id, email: user.email, username: user.username, name: user.name, role: user.role, timezone: user.timezone }, tokenId, configPath: configPath() };
  }

  /** The id of a pasted token, so `yava logout` can revoke it (its prefix is listed). */
  private async findTokenId(client: ApiClient, token: string): Promise<string | null> {
    try {
      const { tokens } = await client.get<{ tokens: PersonalToken[] }>('/api/tokens');
      return tokens.find((t) => t.prefix && token.startsWith(t.prefix))?.id ?? null;
    } catch {
      return null;
    }
  }
}
