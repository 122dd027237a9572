import type { Knex } from 'knex';
import * as chatProposals from './20261124020000_create_chat_proposals.js';

export async function up(knex: Knex): Promise<void> {
  // One natural-language request from any front door (CLI, API, Slack, Discord, voice): what was
  // said, how it was read, the question asked or the slots proposed, and the booking it became.
  // A clarifying answer or a slot pick continues the same row, in any process.
  await knex.schema.createTable('meeting_requests', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('source').notNullable();
    t.text('status').notNullable();
    t.text('text').notNullable();
    t.text('timezone').notNullable();
    t.timestamp('reference_at', { useTz: true }).notNullable();
    t.jsonb('intent').notNullable();
    t.text('question').nullable();
    t.jsonb('pending').nullable();
    t.jsonb('proposal').nullable();
    t.uuid('booking_id').nullable().references('id').inTable('bookings').onDelete('SET NULL').index();
    t.timestamp('claimed_at', { useTz: true }).nullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("status IN ('question', 'proposed', 'booking', 'booked', 'unsupported', 'closed')", [], 'meeting_requests_status_check');
    t.check("source IN ('api', 'cli', 'slack', 'discord', 'voice')", [], 'meeting_requests_source_check');
    t.index(['user_id', 'source', 'status', 'created_at']);
  });
  // Chat proposals and questions now live in meeting_requests.
  await knex.schema.dropTable('chat_proposals');
}

export async function down(knex: Knex): Promise<void> {
  await chatProposals.up(knex);
  await knex.schema.dropTable('meeting_requests');
}
