import { z } from 'zod';

/** What a provider sends back: a code and our state, or an error. Extra parameters (scope, session_state…) are ignored. */
export const callbackQuerySchema = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
});

/** The start link `POST /api/calendars/connect` hands out: its one-time token. */
export const startQuerySchema = z.object({ token: z.string().max(512).optional() });
