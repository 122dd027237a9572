import { z } from 'zod';

export const createWebhookSchema = z.strictObject({
  url: z.string().min(1, 'expected the receiver URL').max(2000),
  events: z.array(z.string().max(60)).min(1, 'expected at least one event').max(50),
  secret: z.string().min(16, 'expected a secret of at least 16 characters').max(256).optional(),
});

/** Zapier-style REST-hook subscribe: Zapier sends the target as hookUrl (or target_url in legacy apps). */
export const restHookSubscribeSchema = z
  .object({
    hookUrl: z.string().max(2000).optional(),
    target_url: z.string().max(2000).optional(),
    url: z.string().max(2000).optional(),
    event: z.string().max(60).optional(),
    events: z.array(z.string().max(60)).max(50).optional(),
  })
  .refine((b) => Boolean(b.hookUrl ?? b.target_url ?? b.url), { message: 'expected hookUrl (or target_url, url)', path: ['hookUrl'] })
  .refine((b) => Boolean(b.event ?? b.events?.length), { message: 'expected event (or events)', path: ['event'] });

export const restHookSampleQuerySchema = z.strictObject({ event: z.string().min(1, 'expected an event type, e.g. booking.created').max(60) });

export const subscriptionIdSchema = z.string().uuid({ message: 'expected a subscription id (uuid)' });

/** `PATCH /api/webhooks/:id`: turn a subscription on (a disabled one comes back) or off. */
export const patchWebhookSchema = z.strictObject({ active: z.boolean() });
