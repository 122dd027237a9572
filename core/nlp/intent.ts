import { z } from 'zod';
import { MAX_SHIFT_DAYS } from './shifts.js';

/** What the user wants to do with their calendar. */
export const ACTIONS = ['book', 'reschedule', 'cancel', 'list', 'availability', 'unknown'] as const;
export type Action = (typeof ACTIONS)[number];

/** Fields an Intent can report as missing or point a span at. */
export type IntentField =
  | 'action'
  | 'start'
  | 'end'
  | 'window'
  | 'durationMinutes'
  | 'attendees'
  | 'title'
  | 'recurrence'
  | 'timezone'
  | 'shift';

const isoInstant = z.iso.datetime({ offset: true });

export const attendeeSchema = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  handle: z.string().optional(),
});
export type Attendee = z.infer<typeof attendeeSchema>;

export const spanSchema = z.object({ field: z.string(), text: z.string(), index: z.number().int() });
export type Span = z.infer<typeof spanSchema>;

/**
 * Something the parser could read more than one way. `blocking` ambiguities leave the field
 * empty and listed in `missing`; non-blocking ones (a wall time that a DST change skips or
 * repeats) keep the resolved value and only explain what was chosen.
 */
export const ambiguitySchema = z.object({
  field: z.string(),
  kind: z.enum(['relative_weekday', 'numeric_date', 'no_such_date', 'dst_gap', 'dst_overlap']),
  text: z.string(),
  message: z.string(),
  candidates: z.array(isoInstant),
  /** Per candidate, the window it stands for when a day or a part of one was said (no clock time): a choice keeps it. */
  windows: z.array(z.object({ start: isoInstant, end: isoInstant })).optional(),
  blocking: z.boolean(),
});
export type Ambiguity = z.infer<typeof ambiguitySchema>;

export const llmUsageSchema = z.object({ used: z.boolean(), reason: z.string().optional() });
export type LlmUsage = z.infer<typeof llmUsageSchema>;

/** One of several times a request offers as a choice: an exact start (and its end, when known), or a window to search in. */
export const alternativeSchema = z.object({ start: isoInstant.nullable(), end: isoInstant.nullable(), window: z.object({ start: isoInstant, end: isoInstant }).nullable() });
export type Alternative = z.infer<typeof alternativeSchema>;

/** The one typed result of reading a scheduling request. Times are ISO instants with offsets. */
export const intentSchema = z.object({
  action: z.enum(ACTIONS),
  start: isoInstant.nullable(),
  end: isoInstant.nullable(),
  window: z.object({ start: isoInstant, end: isoInstant }).nullable(),
  durationMinutes: z.number().positive().nullable(),
  attendees: z.array(attendeeSchema),
  title: z.string().nullable(),
  recurrence: z.string().nullable(),
  timezone: z.string(),
  confidence: z.number().min(0).max(1),
  missing: z.array(z.string()),
  ambiguities: z.array(ambiguitySchema),
  spans: z.array(spanSchema),
  /**
   * A choice of days or times the request names ("monday or tuesday", "tomorrow or friday
   * afternoon"): each read as `start`, `end` and `window` are, which hold the first. Absent when
   * the request names one time.
   */
  alternatives: z.array(alternativeSchema).optional(),
  /**
   * How far a request to move a meeting moves it, in minutes: positive later, negative earlier
   * ("push my 3pm back an hour" → 60, "bring my 10am forward by 15 minutes" → -15). `start`,
   * `window` and `attendees` then describe the meeting to move. Absent when no shift is said.
   */
  shiftMinutes: z.number().int().refine((m) => m !== 0, 'a shift moves the meeting').optional(),
  /**
   * Instead of `shiftMinutes`, how many calendar days a request to move a meeting moves it,
   * positive later, at the same time of day in the asker's zone ("push it back a day" → 1, "bring
   * friday's review forward two days" → -2, "postpone my 3pm by a week" → 7); at most eight weeks
   * either way. A request says one or the other. Absent when no move by days is said.
   */
  shiftDays: z.number().int().min(-MAX_SHIFT_DAYS).max(MAX_SHIFT_DAYS).refine((d) => d !== 0, 'a shift moves the meeting').optional(),
  llm: llmUsageSchema.optional(),
});
export type Intent = z.infer<typeof intentSchema>;

/** Options of {@link parseRequest}: the clock and the user's zone are passed in, never read. */
export interface ParseRequestOptions {
  /** The reference instant ("now"), as a Date or an ISO string. */
  now: Date | string;
  /** The user's IANA zone; times without an explicit zone are wall-clock in it. */
  timezone: string;
  /** BCP-47 locale; only decides the order of numeric dates ("en-US" reads 2/3 as Feb 3). */
  locale?: string;
}
