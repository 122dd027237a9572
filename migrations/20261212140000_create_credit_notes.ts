import type { Knex } from 'knex';

// Credit notes: a refund of an invoiced payment is documented by its own numbered document
// (CN-00001, CN-00002, … per host, gapless like invoices: the number comes from the host's
// counter row, taken in the transaction that records the refund), naming the invoice it corrects.
// An invoice is never changed after it is issued.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('credit_note_counters', (t) => {
    t.uuid('host_user_id').primary().references('id').inTable('users').onDelete('CASCADE');
    t.integer('last_number').notNullable();
  });
  await knex.schema.createTable('credit_notes', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('host_user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.integer('number').notNullable();
    t.uuid('invoice_id').notNullable().references('id').inTable('invoices').onDelete('CASCADE');
    t.uuid('refund_id').notNullable().unique().references('id').inTable('payment_refunds').onDelete('CASCADE');
    t.text('reason').notNullable();
    t.integer('amount_minor').notNullable();
    t.integer('tax_minor').notNullable().defaultTo(0);
    t.text('tax_label').nullable();
    t.decimal('tax_rate_percent', 6, 3).nullable();
    t.text('currency').notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.unique(['host_user_id', 'number']);
    t.index(['host_user_id', 'issued_at']);
    t.index(['invoice_id']);
    t.check('number > 0 AND amount_minor > 0 AND tax_minor >= 0', [], 'credit_notes_amounts_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('credit_notes');
  await knex.schema.dropTable('credit_note_counters');
}
