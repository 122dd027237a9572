import type { Knex } from 'knex';

// The public web's settings: brand (colour, logo, avatar, "hide Yava branding") per user and team,
// the origins allowed to frame a user's booking pages (embed.js), custom domains with their
// verification token, and old slugs of renamed event types (answered with a 301).
export async function up(knex: Knex): Promise<void> {
  for (const table of ['users', 'teams']) {
    await knex.schema.alterTable(table, (t) => {
      t.text('brand_color').nullable();
      t.text('logo_url').nullable();
      t.boolean('hide_branding').notNullable().defaultTo(false);
    });
  }
  await knex.schema.alterTable('users', (t) => {
    t.text('avatar_url').nullable();
    t.specificType('embed_origins', 'text[]').notNullable().defaultTo('{}');
  });
  await knex.schema.createTable('custom_domains', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('domain').notNullable().unique();
    t.uuid('owner_user_id').nullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.uuid('team_id').nullable().references('id').inTable('teams').onDelete('CASCADE').index();
    t.text('verification_token').notNullable();
    t.timestamp('verified_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('(owner_user_id IS NULL) <> (team_id IS NULL)', [], 'custom_domains_one_owner');
  });
  await knex.schema.createTable('event_type_slug_redirects', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('event_type_id').notNullable().references('id').inTable('event_types').onDelete('CASCADE').index();
    t.text('owner_key').notNullable();
    t.text('old_slug').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['owner_key', 'old_slug']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('event_type_slug_redirects');
  await knex.schema.dropTable('custom_domains');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('avatar_url');
    t.dropColumn('embed_origins');
  });
  for (const table of ['users', 'teams']) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('brand_color');
      t.dropColumn('logo_url');
      t.dropColumn('hide_branding');
    });
  }
}
