import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import * as migration from '../../migrations/20261204110000_add_refresh_token_client_id.js';
import { resetTestDb } from '../helpers/db.js';

describe('migration add_refresh_token_client_id: logins know the OAuth client they were issued to', () => {
  it('backfills the client of logins started by an authorization code still kept; other logins stay first-party (NULL)', async () => {
    const { knex } = await resetTestDb();
    const [user] = await knex('users').insert({ email: 'm@example.com', username: 'm', name: 'M', password_hash: 'x' }).returning('id');
    const [linked, own] = [randomUUID(), randomUUID()];
    const later = new Date(Date.now() + 86_400_000);
    for (const [family, n] of [[linked, 1], [linked, 2], [own, 3]] as const) {
      await knex('refresh_tokens').insert({ user_id: user.id, family_id: family, token_hash: `hash-${n}`, expires_at: later });
    }
    await knex('oauth_codes').insert({ code_hash: 'code', user_id: user.id, client_id: 'alexa-skill', redirect_uri: 'https://x.example/cb', expires_at: later, used_at: new Date(), family_id: linked, created_at: new Date() });
    try {
      await migration.down(knex);
      await migration.up(knex);
    } finally {
      if (!(await knex.schema.hasColumn('refresh_tokens', 'client_id'))) await migration.up(knex);
    }
    const rows = await knex('refresh_tokens').orderBy('token_hash').select('token_hash', 'client_id');
    expect(rows).to.deep.equal([
      { token_hash: 'hash-1', client_id: 'alexa-skill' },
      { token_hash: 'hash-2', client_id: 'alexa-skill' },
      { token_hash: 'hash-3', client_id: null },
    ]);
  });
});
