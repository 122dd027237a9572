import { z } from 'zod';

export const setPhoneSchema = z.object({ phone: z.string().trim().min(1, 'expected a phone number in E.164 form, e.g. +4915123456789').max(32) }).strict();
export const verifyPhoneSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'expected the 6-digit code from the text message') }).strict();
