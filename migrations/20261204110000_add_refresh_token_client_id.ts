import type { Knex } from 'knex';

// The OAuth client a login was issued to (RFC 6749 §6, §10.4): a refresh token only works for
// that client at /oauth/token, and a first-party login (NULL) only at /api/auth/refresh. Logins
// that linked an app recently are found through their authorization code (codes are kept a day
// past expiry); older linked logins stay NULL and the app must link again.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('refresh_tokens', (t) => {
    t.text('client_id').nullable();
  });
  await knex.raw('UPDATE refresh_tokens r SET client_id = c.client_id FROM oauth_codes c WHERE c.family_id = r.family_id');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('refresh_tokens', (t) => {
    t.dropColumn('client_id');
  });
}
