import { z } from 'zod';

/** `format` is detected when absent: a WEBVTT header → vtt, `-->` cue timings → srt, else text. */
export const transcriptSchema = z.object({ text: z.string().min(1).max(500_000), format: z.enum(['text', 'vtt', 'srt']).optional() }).strict();

export const optInSchema = z.object({ subscribed: z.boolean() }).strict();
