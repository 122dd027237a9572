import objection from 'objection';

const { Model } = objection;

/**
 * Objection models for the tables services read as objects. Queries always pass the
 * knex instance or transaction explicitly (`User.query(trx)`): no global binding, so
 * a transaction is never bypassed (PGlite has one connection and would deadlock).
 */
export class User extends Model {
  static override tableName = 'users';
  id!: string;
  email!: string;
  username!: string;
  name!: string;
  password_hash!: string;
  role!: 'admin' | 'user';
  timezone!: string;
  daily_meeting_limit!: number | null;
  weekly_meeting_limit?: number | null;
  /** Smart-times preferences: [{start, end, days?}] in the user's zone; null = none. */
  preferred_hours?: Array<{ start: string; end: string; days?: number[] }> | null;
  focus_blocks?: Array<{ start: string; end: string; days?: number[] }> | null;
  feed_token!: string | null;
  email_verified_at!: Date | null;
  created_at!: Date;
  updated_at!: Date;
}

export class EventTypeModel extends Model {
  static override tableName = 'event_types';
  id!: string;
  owner_user_id!: string | null;
  team_id!: string | null;
  slug!: string;
  title!: string;
  description!: string | null;
  kind!: 'one_on_one' | 'group' | 'collective' | 'round_robin';
  duration_minutes!: number;
  buffer_before_minutes!: number;
  buffer_after_minutes!: number;
  minimum_notice_minutes!: number;
  slot_step_minutes!: number | null;
  max_days_ahead!: number | null;
  daily_limit!: number | null;
  requires_approval!: boolean;
  pending_holds_slot!: boolean;
  location!: string | null;
  seats!: number | null;
  price_minor!: number | null;
  currency!: string | null;
  is_public!: boolean;
  archived_at!: Date | null;
  created_at!: Date;
  updated_at!: Date;
}

export class BookingModel extends Model {
  static override tableName = 'bookings';
  id!: string;
  event_type_id!: string | null;
  title!: string;
  notes!: string | null;
  start_at!: Date;
  end_at!: Date;
  status!: BookingStatus;
  ical_uid!: string;
  sequence!: number;
  location!: string | null;
  source!: string;
  created_by_user_id!: string | null;
  assignment_reason!: string | null;
  canceled_by!: string | null;
  cancel_reason!: string | null;
  created_at!: Date;
  updated_at!: Date;
}

/** Every status a booking can have: the one list the API's status filters accept. */
export const BOOKING_STATUSES = ['pending', 'pending_payment', 'scheduled', 'canceled', 'rejected', 'completed', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
