import { z } from 'zod';

const minutes = (max: number) => z.number().int().min(0).max(max);
const base = {
  slug: z.string().trim().min(1).max(64),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000).nullable(),
  durationMinutes: z.number().int().min(1).max(1440),
  bufferBeforeMinutes: minutes(1440),
  bufferAfterMinutes: minutes(1440),
  minimumNoticeMinutes: minutes(525_600),
  slotStepMinutes: z.number().int().min(1).max(1440).nullable(),
  maxDaysAhead: z.number().int().min(1).max(3650).nullable(),
  dailyLimit: z.number().int().min(1).max(1000).nullable(),
  requiresApproval: z.boolean(),
  requiresApprovalForNewInvitees: z.boolean(),
  pendingHoldsSlot: z.boolean(),
  conflictRepair: z.enum(['propose', 'automatic']),
  kind: z.enum(['one_on_one', 'collective', 'round_robin', 'group']),
  seats: z.number().int().min(1).max(10_000).nullable(),
  location: z.string().max(2000).nullable(),
  isPublic: z.boolean(),
  hosts: z.array(z.string().min(1).max(64)).min(1).max(50),
  allowsSeries: z.boolean(),
  seriesMaxOccurrences: z.number().int().min(2).max(104),
  // A paid event type: amount in minor units of an ISO 4217 currency (null: free).
  price: z
    .object({
      amount: z.number().int().min(1).max(100_000_000),
      currency: z.string().regex(/^[A-Za-z]{3}$/, { message: 'expected an ISO 4217 currency code such as EUR' }),
      provider: z.enum(['stripe', 'paypal']),
      refundPolicy: z
        .discriminatedUnion('type', [
          z.object({ type: z.literal('full_until'), hours: z.number().int().min(0).max(8760) }).strict(),
          z.object({ type: z.literal('none') }).strict(),
          z.object({ type: z.literal('percentage'), percent: z.number().int().min(0).max(100) }).strict(),
        ])
        .optional(),
    })
    .strict()
    .nullable(),
};

export const createEventTypeSchema = z
  .object({
    ...base,
    description: base.description.optional(),
    bufferBeforeMinutes: base.bufferBeforeMinutes.default(0),
    bufferAfterMinutes: base.bufferAfterMinutes.default(0),
    minimumNoticeMinutes: base.minimumNoticeMinutes.default(0),
    slotStepMinutes: base.slotStepMinutes.optional(),
    maxDaysAhead: base.maxDaysAhead.default(60),
    dailyLimit: base.dailyLimit.optional(),
    requiresApproval: base.requiresApproval.default(false),
    requiresApprovalForNewInvitees: base.requiresApprovalForNewInvitees.default(false),
    pendingHoldsSlot: base.pendingHoldsSlot.default(true),
    conflictRepair: base.conflictRepair.optional(),
    kind: base.kind.default('one_on_one'),
    location: base.location.optional(),
    isPublic: base.isPublic.default(true),
    seats: base.seats.optional(),
    hosts: base.hosts.optional(),
    allowsSeries: base.allowsSeries.optional(),
    seriesMaxOccurrences: base.seriesMaxOccurrences.optional(),
    teamSlug: z.string().min(1).max(64).optional(),
    price: base.price.optional(),
  })
  .strict();

export const updateEventTypeSchema = z.object(base).partial().strict();
