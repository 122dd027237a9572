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
  pendingHoldsSlot: z.boolean(),
  kind: z.enum(['one_on_one', 'collective', 'round_robin']),
  location: z.string().max(2000).nullable(),
  isPublic: z.boolean(),
  hosts: z.array(z.string().min(1).max(64)).min(1).max(50),
  allowsSeries: z.boolean(),
  seriesMaxOccurrences: z.number().int().min(2).max(104),
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
    pendingHoldsSlot: base.pendingHoldsSlot.default(true),
    kind: base.kind.default('one_on_one'),
    location: base.location.optional(),
    isPublic: base.isPublic.default(true),
    hosts: base.hosts.optional(),
    allowsSeries: base.allowsSeries.optional(),
    seriesMaxOccurrences: base.seriesMaxOccurrences.optional(),
    teamSlug: z.string().min(1).max(64).optional(),
  })
  .strict();

export const updateEventTypeSchema = z.object(base).partial().strict();
