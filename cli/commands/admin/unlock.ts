import { isIP } from 'node:net';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../baseCommand.js';
import { usageError } from '../../errors.js';
import { openLocalDatabase } from '../../localDatabase.js';

export interface AdminUnlockResult {
  email: string;
  address: string | null;
  /** Throttle entries removed (0: nothing was holding the account back). */
  cleared: number;
}

export default class AdminUnlock extends BaseCommand<typeof AdminUnlock> {
  static override summary = 'Clear the failed-login throttle of an account, directly in the database.';
  static override description =
    'After too many failed logins an address must wait before trying an account again (1 s, doubling up to LOGIN_LOCK_MINUTES). This forgets those attempts for every address, and with --address also that address\u2019s attempts on all accounts. Runs on the server machine (on the embedded database, stop the server first).';
  static override examples = ['<%= config.bin %> admin unlock ada@example.com', '<%= config.bin %> admin unlock ada@example.com --address 203.0.113.7 --json'];
  static override args = { email: Args.string({ description: 'The account email.', required: true }) };
  static override flags = { address: Flags.string({ description: 'Also clear this client address (IP) for every account.' }) };

  async run(): Promise<AdminUnlockResult> {
    const email = this.args.email.trim().toLowerCase();
    // Looser than isEmailAddress (core/text.ts) on purpose: this names an address already stored, not a new one.
    // `yava admin create` made accounts such as admin@localhost before it checked addresses, and the OAuth consent
    // form charges the throttle for whatever was typed; only what cannot be an address (a username) is refused.
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw usageError(`"${this.args.email}" is not an email address; give the account's email, e.g. yava admin unlock ada@example.com`);
    if (this.flags.address !== undefined && isIP(this.flags.address) === 0) throw usageError(`--address: "${this.flags.address}" is not an IP address, e.g. 203.0.113.7 or 2001:db8::1`);
    const { config, database } = await openLocalDatabase();
    try {
      const [{ migrateLatest }, { authServiceConfig, createAuthService }, { systemClock }] = await Promise.all([
        import('../../../core/db/migrate.js'),
        import('../../../core/auth/service.js'),
        import('../../../core/clock.js'),
      ]);
      await migrateLatest(database.knex);
      const auth = createAuthService({ db: database.knex, clock: systemClock, config: authServiceConfig(config, 'not-used-to-unlock-accounts-0000000') });
      const cleared = await auth.unlockLogin(email, this.flags.address);
      this.log(cleared ? `Cleared ${cleared} throttle ${cleared === 1 ? 'entry' : 'entries'} for ${email}; it can log in again from any address.` : `Nothing was holding ${email} back.`);
      return { email, address: this.flags.address ?? null, cleared };
    } finally {
      await database.close();
    }
  }
}
