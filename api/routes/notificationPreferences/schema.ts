import { z } from 'zod';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from '../../../core/notify/reminders/types.js';

const channel = z.enum(NOTIFICATION_CHANNELS, { message: `expected one of ${NOTIFICATION_CHANNELS.join(', ')}` });
const kind = z.enum(NOTIFICATION_KINDS, { message: `expected one of ${NOTIFICATION_KINDS.join(', ')}` });
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (00:00–23:59)');
const template = z.string().trim().min(1).max(1000).nullable().optional();

export const updatePreferencesSchema = z
  .object({
    quietHours: z.object({ start: clockTime, end: clockTime }).strict().nullable().optional(),
    preferences: z
      .array(z.object({ channel, kind, enabled: z.boolean() }).strict())
      .max(NOTIFICATION_CHANNELS.length * NOTIFICATION_KINDS.length)
      .optional(),
  })
  .strict();

export const eventTypeNotificationsSchema = z
  .object({
    reminders: z.array(z.object({ minutesBefore: z.number().int().min(0).max(525_600), channel, template }).strict()).max(20).default([]),
    followUps: z.array(z.object({ hoursAfter: z.number().min(0).max(8760), channel, template }).strict()).max(20).default([]),
  })
  .strict();
