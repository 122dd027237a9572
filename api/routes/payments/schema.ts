import { z } from 'zod';
import { isRealDateText } from '../../../core/time/instants.js';

const instant = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)) && isRealDateText(v), { message: 'expected an ISO 8601 instant on a real calendar date' });

export const listPaymentsQuerySchema = z
  .object({
    status: z.enum(['requires_payment', 'paid', 'refunded', 'partially_refunded', 'failed', 'expired']).optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .strict();

export const refundSchema = z.object({ amount: z.number().int().min(1).optional() }).strict();

export const paymentTokenQuerySchema = z.object({ token: z.string().min(10).max(200).optional() }).strict();

export const returnQuerySchema = z
  .object({
    booking: z.string().uuid(),
    canceled: z.string().optional(),
    // Stripe adds session_id; PayPal adds token (the order id) and PayerID.
    session_id: z.string().optional(),
    token: z.string().optional(),
    PayerID: z.string().optional(),
  })
  .strict();
