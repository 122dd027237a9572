import { z } from 'zod';

/** A Graph change-notification batch: only the fields that pick the subscription and prove it. */
export const graphNotificationsSchema = z.object({
  value: z
    .array(
      z.object({
        subscriptionId: z.string().max(200).optional(),
        clientState: z.string().max(512).optional(),
        changeType: z.string().max(100).optional(),
        resource: z.string().max(2000).optional(),
        resourceData: z.object({ id: z.string().max(500).optional() }).optional(),
      }),
    )
    .max(1000),
});
