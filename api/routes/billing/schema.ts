import { z } from 'zod';
import { INSTANT_RANGE_MESSAGE, NOT_A_DATE_MESSAGE, isInstantTextInRange, isRealDateText } from '../../../core/time/instants.js';

const instant = z.string().min(10).max(40).refine(isInstantTextInRange, INSTANT_RANGE_MESSAGE).refine(isRealDateText, NOT_A_DATE_MESSAGE);

export const createPromoCodeSchema = z
  .strictObject({
    code: z.string().trim().min(3).max(32),
    percentOff: z.number().int().min(1).max(100).optional(),
    amountOffMinor: z.number().int().min(1).max(100_000_000).optional(),
    currency: z.string().regex(/^[A-Za-z]{3}$/, { message: 'expected an ISO 4217 code such as EUR' }).optional(),
    eventTypeId: z.uuid().nullable().optional(),
    validFrom: instant.nullable().optional(),
    validUntil: instant.nullable().optional(),
    maxUses: z.number().int().min(1).max(1_000_000).nullable().optional(),
  })
  .refine((b) => (b.percentOff === undefined) !== (b.amountOffMinor === undefined), { message: 'give either percentOff or amountOffMinor', path: ['percentOff'] })
  .refine((b) => b.amountOffMinor === undefined || b.currency !== undefined, { message: 'an amount off needs its currency', path: ['currency'] });

export const historyQuerySchema = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
});

export const planCheckoutSchema = z.strictObject({
  plan: z.enum(['pro', 'enterprise'], { message: 'expected pro or enterprise' }).default('pro'),
});

export const planReturnQuerySchema = z.object({
  session_id: z.string().max(255).optional(),
  canceled: z.literal('1').optional(),
});
