import type { Knex } from 'knex';

const STATUSES_BEFORE = "'pending', 'scheduled', 'canceled', 'rejected', 'completed', 'no_show'";

export async function up(knex: Knex): Promise<void> {
  // A paid booking holds its slot as pending_payment (its busy range active) until the provider confirms or the hold expires.
  await knex.raw('ALTER TABLE bookings DROP CONSTRAINT bookings_status_check');
  await knex.raw(`ALTER TABLE bookings ADD CONSTRAINT bookings_status_check CHECK (status IN (${STATUSES_BEFORE}, 'pending_payment'))`);

  await knex.schema.alterTable('event_types', (t) => {
    t.text('payment_provider').nullable();
    // {type: 'full_until', hours} | {type: 'none'} | {type: 'percentage', percent}
    t.jsonb('refund_policy').nullable();
    t.check("payment_provider IS NULL OR payment_provider IN ('stripe', 'paypal')", [], 'event_types_payment_provider_check');
    t.check('(price_minor IS NULL) = (payment_provider IS NULL)', [], 'event_types_paid_check');
    t.check('price_minor IS NULL OR price_minor > 0', [], 'event_types_price_positive_check');
  });

  // One payment per booking; it follows the booking through reschedules.
  await knex.schema.createTable('payments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('booking_id').notNullable().unique().references('id').inTable('bookings').onDelete('CASCADE');
    t.uuid('host_user_id').nullable().references('id').inTable('users').onDelete('SET NULL').index();
    t.uuid('event_type_id').nullable().references('id').inTable('event_types').onDelete('SET NULL').index();
    t.text('provider').notNullable();
    t.integer('amount_minor').notNullable();
    t.integer('discount_minor').notNullable().defaultTo(0);
    t.text('promo_code').nullable();
    t.text('currency').notNullable();
    t.text('status').notNullable();
    t.integer('refunded_minor').notNullable().defaultTo(0);
    // Stripe Checkout Session id or PayPal order id.
    t.text('checkout_id').nullable();
    t.text('checkout_url').nullable();
    // Stripe PaymentIntent id or PayPal capture id: what refunds name.
    t.text('payment_ref').nullable();
    t.text('receipt_url').nullable();
    t.jsonb('refund_policy').nullable();
    // The invitee's manage tokens (sealed), for the confirmation sent once the payment arrives.
    t.text('sealed_manage_tokens').nullable();
    t.timestamp('hold_expires_at', { useTz: true }).notNullable();
    t.timestamp('paid_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['provider', 'checkout_id']);
    t.index(['status', 'hold_expires_at']);
    t.index(['host_user_id', 'created_at']);
    t.check("provider IN ('stripe', 'paypal')", [], 'payments_provider_check');
    t.check("status IN ('requires_payment', 'paid', 'refunded', 'partially_refunded', 'failed', 'expired')", [], 'payments_status_check');
    t.check('amount_minor >= 0 AND discount_minor >= 0 AND refunded_minor >= 0 AND refunded_minor <= amount_minor', [], 'payments_amounts_check');
  });

  await knex.schema.createTable('payment_refunds', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('payment_id').notNullable().references('id').inTable('payments').onDelete('CASCADE').index();
    t.integer('amount_minor').notNullable();
    t.text('reason').notNullable();
    t.text('actor').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.text('provider_refund_id').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true }).nullable();
    t.check('amount_minor > 0', [], 'payment_refunds_amount_check');
    t.check("status IN ('pending', 'succeeded', 'failed')", [], 'payment_refunds_status_check');
  });

  // Every verified provider webhook, stored by its event id before it acts: a repeat is a no-op.
  await knex.schema.createTable('payment_webhook_events', (t) => {
    t.text('provider').notNullable();
    t.text('event_id').notNullable();
    t.text('type').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['provider', 'event_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('payment_webhook_events');
  await knex.schema.dropTable('payment_refunds');
  await knex.schema.dropTable('payments');
  await knex.schema.alterTable('event_types', (t) => {
    t.dropChecks(['event_types_payment_provider_check', 'event_types_paid_check', 'event_types_price_positive_check']);
    t.dropColumn('payment_provider');
    t.dropColumn('refund_policy');
  });
  await knex.raw("UPDATE bookings SET status = 'canceled' WHERE status = 'pending_payment'");
  await knex.raw('ALTER TABLE bookings DROP CONSTRAINT bookings_status_check');
  await knex.raw(`ALTER TABLE bookings ADD CONSTRAINT bookings_status_check CHECK (status IN (${STATUSES_BEFORE}))`);
}
