import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // An account owns its email only once it has proved it (a link sent to that address).
  // Until then nothing is matched to it by email: existing accounts start unverified.
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('email_verified_at', { useTz: true }).nullable();
  });
  // Attendee rows were linked to any account with the same email, proved or not: unlink
  // them; verifying the address links them again.
  await knex('booking_attendees').whereNotNull('user_id').update({ user_id: null });

  // Single-use, expiring links sent by email (verify an address, reset a password).
  await knex.schema.createTable('email_tokens', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('purpose').notNullable();
    t.text('email').notNullable();
    t.text('token_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("purpose IN ('verify_email', 'password_reset')", [], 'email_tokens_purpose_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('email_tokens');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('email_verified_at');
  });
}
