import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Who may not book: an e-mail, a domain or a network (CIDR). No owner = everywhere (admins);
  // an owner = that host's bookings only. Automatic bans carry an expiry.
  await knex.schema.createTable('spam_blocklist', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('kind').notNullable();
    t.text('value').notNullable();
    t.uuid('owner_user_id').nullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.uuid('created_by_user_id').nullable().references('id').inTable('users').onDelete('SET NULL').index();
    t.text('reason').nullable();
    t.boolean('automatic').notNullable().defaultTo(false);
    t.timestamp('expires_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['kind', 'value']);
  });
  await knex.raw(`ALTER TABLE spam_blocklist ADD CONSTRAINT spam_blocklist_kind CHECK (kind IN ('email', 'domain', 'network'))`);
  // Every booking attempt the spam check saw: its decision and why. Bursts are counted here.
  await knex.schema.createTable('spam_decisions', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('decision').notNullable();
    t.jsonb('reasons').notNullable().defaultTo('[]');
    t.text('email').notNullable();
    t.text('address').nullable();
    t.text('network').nullable();
    t.text('source').notNullable();
    t.uuid('event_type_id').nullable().references('id').inTable('event_types').onDelete('SET NULL').index();
    t.uuid('booking_id').nullable().references('id').inTable('bookings').onDelete('SET NULL').index();
    t.text('appeal_token_hash').nullable().unique();
    t.text('appeal_message').nullable();
    t.timestamp('appealed_at', { useTz: true }).nullable();
    t.index(['at', 'id']);
    t.index(['address', 'at']);
    t.index(['network', 'at']);
    t.index(['email', 'at']);
  });
  await knex.raw(`ALTER TABLE spam_decisions ADD CONSTRAINT spam_decisions_decision CHECK (decision IN ('allow', 'challenge', 'block'))`);
  // A challenged booking waits here (it holds no slot) until its e-mailed link is used or expires.
  await knex.schema.createTable('spam_challenges', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('token_hash').notNullable().unique();
    t.bigInteger('decision_id').notNullable().references('id').inTable('spam_decisions').onDelete('CASCADE').index();
    t.jsonb('input').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('confirmed_at', { useTz: true }).nullable();
    t.uuid('booking_id').nullable().references('id').inTable('bookings').onDelete('SET NULL').index();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('spam_challenges');
  await knex.schema.dropTable('spam_decisions');
  await knex.schema.dropTable('spam_blocklist');
}
