import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A user's plan bought through Stripe Billing; no row = the operator's default plan.
  await knex.schema.createTable('plan_subscriptions', (t) => {
    t.uuid('user_id').primary().references('id').inTable('users').onDelete('CASCADE');
    t.text('plan').notNullable();
    t.text('status').notNullable();
    t.text('stripe_customer_id').nullable().index();
    t.text('stripe_subscription_id').nullable().unique();
    t.timestamp('current_period_end', { useTz: true }).nullable();
    // Set by the first failed renewal; the plan lasts BILLING_GRACE_DAYS past it (dunning).
    t.timestamp('past_due_since', { useTz: true }).nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("plan IN ('free', 'pro', 'enterprise')", [], 'plan_subscriptions_plan_check');
  });

  await knex.schema.createTable('promo_codes', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('owner_user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.text('code').notNullable();
    t.integer('percent_off').nullable();
    t.integer('amount_off_minor').nullable();
    t.text('currency').nullable();
    // Null: every event type of the owner.
    t.uuid('event_type_id').nullable().references('id').inTable('event_types').onDelete('CASCADE').index();
    t.timestamp('valid_from', { useTz: true }).nullable();
    t.timestamp('valid_until', { useTz: true }).nullable();
    t.integer('max_uses').nullable();
    t.integer('uses').notNullable().defaultTo(0);
    t.timestamp('disabled_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('(percent_off IS NULL) <> (amount_off_minor IS NULL)', [], 'promo_codes_kind_check');
    t.check('percent_off IS NULL OR percent_off BETWEEN 1 AND 100', [], 'promo_codes_percent_check');
    t.check('amount_off_minor IS NULL OR (amount_off_minor > 0 AND currency IS NOT NULL)', [], 'promo_codes_amount_check');
    // The database holds the limit: a redemption past max_uses fails here, whatever the application thought.
    t.check('uses >= 0 AND (max_uses IS NULL OR uses <= max_uses)', [], 'promo_codes_uses_check');
    t.check('max_uses IS NULL OR max_uses > 0', [], 'promo_codes_max_uses_check');
  });
  await knex.raw('CREATE UNIQUE INDEX promo_codes_owner_code_unique ON promo_codes (owner_user_id, upper(code))');

  await knex.schema.createTable('promo_redemptions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('promo_code_id').notNullable().references('id').inTable('promo_codes').onDelete('CASCADE').index();
    // One code per booking.
    t.uuid('booking_id').notNullable().unique().references('id').inTable('bookings').onDelete('CASCADE');
    t.text('code').notNullable();
    t.integer('price_minor').notNullable();
    t.integer('discount_minor').notNullable();
    t.text('currency').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('discount_minor > 0 AND discount_minor <= price_minor', [], 'promo_redemptions_discount_check');
  });

  // One row per host, locked by the transaction that confirms a payment: numbers are gapless.
  await knex.schema.createTable('invoice_counters', (t) => {
    t.uuid('host_user_id').primary().references('id').inTable('users').onDelete('CASCADE');
    t.integer('last_number').notNullable();
  });

  await knex.schema.createTable('invoices', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('host_user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.integer('number').notNullable();
    t.uuid('booking_id').nullable().unique().references('id').inTable('bookings').onDelete('SET NULL');
    t.text('payment_ref').nullable();
    t.jsonb('seller').notNullable();
    t.jsonb('buyer').notNullable();
    t.text('description').notNullable();
    t.integer('subtotal_minor').notNullable();
    t.integer('discount_minor').notNullable().defaultTo(0);
    t.text('promo_code').nullable();
    t.integer('total_minor').notNullable();
    t.integer('tax_minor').notNullable().defaultTo(0);
    t.text('tax_label').nullable();
    t.decimal('tax_rate_percent', 6, 3).nullable();
    t.text('currency').notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.unique(['host_user_id', 'number']);
    t.index(['host_user_id', 'issued_at']);
    t.check('number > 0 AND total_minor >= 0 AND discount_minor >= 0 AND tax_minor >= 0', [], 'invoices_amounts_check');
  });

  // Which files a mail carried, so the dev mailbox shows receipts' PDFs were attached.
  await knex.schema.alterTable('dev_mailbox', (t) => {
    t.jsonb('attachments').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dev_mailbox', (t) => {
    t.dropColumn('attachments');
  });
  for (const table of ['invoices', 'invoice_counters', 'promo_redemptions', 'promo_codes', 'plan_subscriptions']) {
    await knex.schema.dropTable(table);
  }
}
