import { z } from 'zod';

/** An event type's conferencing (DELETE removes it). */
export const locationSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('zoom'), autoRecording: z.boolean().default(false) }).strict(),
    z.object({ kind: z.literal('google_meet') }).strict(),
    z.object({ kind: z.literal('link'), url: z.string().url().max(2000).refine((u) => /^https?:/.test(u), 'http(s) only') }).strict(),
  ]);
