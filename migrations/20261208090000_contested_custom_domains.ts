import type { Knex } from 'knex';

// A custom domain may be claimed by several accounts until one proves control, and how it was
// proved is kept (core/site/customDomains.ts): the HTTP check only shows that the domain points at
// this server, which this server answers itself, so it settles an unopposed claim only, and a claim
// proved by the domain's DNS (the TXT record) takes over one proved over HTTP. Before, the first
// account to add a domain pointing here held it, and its real owner could never get it back.
// Claims verified before this are counted as HTTP-verified: the weaker proof, which DNS can replace.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('custom_domains', (t) => {
    t.dropUnique(['domain']);
    t.text('verified_via').nullable();
    t.unique(['domain', 'owner_user_id']);
    t.unique(['domain', 'team_id']);
  });
  await knex('custom_domains').whereNotNull('verified_at').update({ verified_via: 'http' });
  await knex.raw("ALTER TABLE custom_domains ADD CONSTRAINT custom_domains_verified_via CHECK ((verified_at IS NULL AND verified_via IS NULL) OR (verified_at IS NOT NULL AND verified_via IN ('dns', 'http')))");
  await knex.raw('CREATE UNIQUE INDEX custom_domains_one_verified ON custom_domains (domain) WHERE verified_at IS NOT NULL');
}

// Keeps the verified claim of each domain, and of the others the oldest.
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DELETE FROM custom_domains d WHERE EXISTS (
      SELECT 1 FROM custom_domains o WHERE o.domain = d.domain AND o.id <> d.id
        AND (o.verified_at IS NOT NULL OR (d.verified_at IS NULL AND (o.created_at, o.id) < (d.created_at, d.id))))`);
  await knex.raw('DROP INDEX custom_domains_one_verified');
  await knex.raw('ALTER TABLE custom_domains DROP CONSTRAINT custom_domains_verified_via');
  await knex.schema.alterTable('custom_domains', (t) => {
    t.dropUnique(['domain', 'team_id']);
    t.dropUnique(['domain', 'owner_user_id']);
    t.dropColumn('verified_via');
    t.unique(['domain']);
  });
}
