import { z } from 'zod';
import { INSTANT_RANGE_MESSAGE, NOT_A_DATE_MESSAGE, isInstantTextInRange, isRealDateText } from '../../../core/time/instants.js';

export const joinWaitlistSchema = z
  .object({
    user: z.string().min(1).max(64).optional(),
    team: z.string().min(1).max(64).optional(),
    eventType: z.string().min(1).max(64),
    start: z.string().min(10).max(40).refine(isInstantTextInRange, INSTANT_RANGE_MESSAGE).refine(isRealDateText, NOT_A_DATE_MESSAGE),
    invitee: z
      .object({
        name: z.string().trim().min(1).max(200),
        email: z.string().trim().toLowerCase().max(254).email({ message: 'expected an email address' }),
        timezone: z.string().min(1).max(64),
      })
      .strict(),
  })
  .strict()
  .refine((b) => Boolean(b.user) !== Boolean(b.team), { message: 'give exactly one of user or team', path: ['user'] });

export const offerParamsSchema = z.object({ token: z.string().min(10).max(200) });
