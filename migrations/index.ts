import type { Knex } from 'knex';
import * as createAccounts from './20261124000100_create_accounts.js';
import * as createScheduling from './20261124000200_create_scheduling.js';
import * as createNotifications from './20261124000300_create_notifications.js';

/** Every migration, in order. A landed migration is never edited: add a new one. */
export const migrations: Array<{ name: string } & Knex.Migration> = [
  { name: '20261124000100_create_accounts', ...createAccounts },
  { name: '20261124000200_create_scheduling', ...createScheduling },
  { name: '20261124000300_create_notifications', ...createNotifications },
];
