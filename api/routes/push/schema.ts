import { z } from 'zod';

/** The JSON of a browser PushSubscription (`subscription.toJSON()`), plus an optional device label. */
export const pushSubscriptionSchema = z
  .object({
    endpoint: z.string().trim().min(1).max(2048),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: z.string().min(1).max(256), auth: z.string().min(1).max(256) }).strict(),
    device: z.string().trim().max(100).nullable().optional(),
  })
  .strict();
