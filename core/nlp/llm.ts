import OpenAI from 'openai';
import { askLlmJson } from '../intelligence/llmJson.js';
import { z } from 'zod';
import { findDuration } from './durations.js';
import { ACTIONS, type Attendee, type Intent, type ParseRequestOptions, type Span } from './intent.js';
import { assessIntent, parseRequest } from './parseRequest.js';
import { findRecurrence } from './recurrence.js';
import { isEmailAddress } from '../text.js';
import { DateTime } from 'luxon';

/** Below this confidence (or with essentials missing) the LLM is asked. */
export const LLM_CONFIDENCE_THRESHOLD = 0.7;

/** A pino-compatible logger; only `warn` is used. */
export interface LlmLogger {
  warn(details: object, message: string): void;
}

/** Options of {@link createLlmParser}. */
export interface CreateLlmParserOptions {
  /** Constructed by the caller: `new OpenAI({apiKey, baseURL, maxRetries: 0, timeout})`. */
  client: OpenAI;
  model: string;
  /** Hard limit for one call; the deterministic result is returned when it passes. */
  timeoutMs?: number;
  logger?: LlmLogger;
  /** Confidence under which the LLM is consulted; defaults to {@link LLM_CONFIDENCE_THRESHOLD}. */
  threshold?: number;
}

/** The phrases the LLM reports. It never reports dates; our code resolves the phrases. */
export const llmPhrasesSchema = z
  .object({
    action: z.enum(ACTIONS),
    whenPhrase: z.string().nullable(),
    durationPhrase: z.string().nullable(),
    attendees: z.array(z.string()),
    title: z.string().nullable(),
    recurrencePhrase: z.string().nullable(),
    timezonePhrase: z.string().nullable(),
  })
  .strict();
export type LlmPhrases = z.infer<typeof llmPhrasesSchema>;

/** Why an LLM answer was not used. */
export type LlmFailureReason =
  | 'timeout'
  | 'unreachable'
  | `http_${number}`
  | 'refusal'
  | 'no_tool_call'
  | 'malformed_json'
  | 'schema_mismatch'
  | 'computed_date'
  | 'error';

/** A configured LLM reader; build with {@link createLlmParser}. */
export interface LlmParser {
  readonly threshold: number;
  /** Asks the model for phrases; resolves to the phrases or the reason they are unusable. */
  extractPhrases(text: string): Promise<{ ok: true; phrases: LlmPhrases } | { ok: false; reason: LlmFailureReason; detail?: string }>;
  readonly logger: LlmLogger | undefined;
}

const TOOL_NAME = 'report_scheduling_request';
const nullableString = (description: string): Record<string, unknown> => ({ type: ['string', 'null'], description });

/** The single strict tool's arguments: phrases copied from the request, never computed values. */
const TOOL_DESCRIPTION =
  'Report what a calendar request asks for, using the words of the request. Never compute or invent dates, ' +
  'times or zones: copy the phrases the user wrote (e.g. "next Tuesday at 3pm"), or null when absent.';
const TOOL_PARAMETERS: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['action', 'whenPhrase', 'durationPhrase', 'attendees', 'title', 'recurrencePhrase', 'timezonePhrase'],
  properties: {
    action: { type: 'string', enum: [...ACTIONS] },
    whenPhrase: nullableString('The words saying when, e.g. "tomorrow afternoon", "next Tuesday at 3pm".'),
    durationPhrase: nullableString('The words saying how long, e.g. "30 minutes", "an hour".'),
    attendees: { type: 'array', items: { type: 'string' }, description: 'Names, emails or @handles of people to invite.' },
    title: nullableString('What the meeting is about, as the user put it.'),
    recurrencePhrase: nullableString('The words saying how it repeats, e.g. "every other Friday".'),
    timezonePhrase: nullableString('A zone the user named, e.g. "PT", "London time", "Europe/Paris".'),
  },
};

const SYSTEM_PROMPT =
  'You extract scheduling requests for a calendar assistant. Call the tool exactly once. ' +
  'Copy phrases from the user message; do not resolve relative dates and do not make up values.';

/**
 * Builds an LLM reader over an OpenAI-compatible chat-completions endpoint (OpenAI, Ollama,
 * llama.cpp). Calls never throw: every failure becomes a reason.
 * @example createLlmParser({client: new OpenAI({apiKey, baseURL, maxRetries: 0}), model: 'gpt-4o-mini'})
 */
export function createLlmParser(options: CreateLlmParserOptions): LlmParser {
  const { client, model, logger } = options;
  const timeoutMs = options.timeoutMs ?? 8000;
  return {
    threshold: options.threshold ?? LLM_CONFIDENCE_THRESHOLD,
    logger,
    async extractPhrases(text) {
      const answer = await askLlmJson(
        { client, model, timeoutMs },
        { system: SYSTEM_PROMPT, user: text, toolName: TOOL_NAME, description: TOOL_DESCRIPTION, parameters: TOOL_PARAMETERS, schema: llmPhrasesSchema },
      );
      return answer.ok ? { ok: true, phrases: answer.value } : { ok: false, reason: answer.reason as LlmFailureReason, ...(answer.detail ? { detail: answer.detail } : {}) };
    },
  };
}

/** A date written as digits in the LLM's phrase but not in the user's text was computed. */
function hasComputedDate(phrase: string, text: string): boolean {
  for (const m of phrase.matchAll(/\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?/g)) {
    if (!text.includes(m[0])) return true;
  }
  return false;
}

function attendeeFrom(value: string): Attendee {
  const v = value.trim();
  if (isEmailAddress(v)) return { email: v.toLowerCase() };
  if (v.startsWith('@')) return { handle: v.slice(1) };
  return { name: v };
}

function spanFor(text: string, field: string, phrase: string | null): Span[] {
  if (!phrase) return [];
  const index = text.toLowerCase().indexOf(phrase.toLowerCase());
  return index === -1 ? [] : [{ field, text: text.slice(index, index + phrase.length), index }];
}

/**
 * Fills what the rules left open with the LLM's phrases, each re-read by the same deterministic
 * code. Rule results always win; a blocking ambiguity stays (the user must choose).
 */
function mergePhrases(base: Intent, phrases: LlmPhrases, text: string, options: ParseRequestOptions): Intent {
  const spans = [...base.spans];
  let { action, start, end, window, durationMinutes, title, recurrence, timezone, alternatives } = base;
  let ambiguities = base.ambiguities;
  let attendees = base.attendees;
  let filled = 0;
  if (action === 'unknown' && phrases.action !== 'unknown') {
    action = phrases.action;
    filled += 1;
  }
  if (durationMinutes === null && phrases.durationPhrase) {
    const d = findDuration(phrases.durationPhrase) ?? findDuration(`for ${phrases.durationPhrase}`);
    if (d) {
      durationMinutes = d.minutes;
      spans.push(...spanFor(text, 'durationMinutes', phrases.durationPhrase));
      filled += 1;
    }
  }
  const blocked = ambiguities.some((a) => a.blocking);
  if (!blocked && start === null && window === null && phrases.whenPhrase) {
    const whenText = [phrases.whenPhrase, phrases.timezonePhrase ?? ''].join(' ').trim();
    const when = parseRequest(whenText, options);
    if (when.start || when.window || when.ambiguities.some((a) => a.blocking)) {
      ({ start, window, timezone, alternatives } = when);
      end = when.end ?? (when.start && durationMinutes !== null
        ? DateTime.fromISO(when.start, { setZone: true }).plus({ minutes: durationMinutes }).toISO()
        : null);
      ambiguities = [...ambiguities, ...when.ambiguities];
      spans.push(...spanFor(text, start ? 'start' : 'window', phrases.whenPhrase));
      filled += 1;
    }
  }
  if (start && end === null && durationMinutes !== null) {
    end = DateTime.fromISO(start, { setZone: true }).plus({ minutes: durationMinutes }).toISO();
  }
  if (attendees.length === 0 && phrases.attendees.length > 0) {
    attendees = phrases.attendees.filter((a) => a.trim()).map(attendeeFrom);
    filled += 1;
  }
  if (title === null && phrases.title) {
    title = phrases.title.trim();
    filled += 1;
  }
  if (recurrence === null && phrases.recurrencePhrase) {
    const now = DateTime.fromISO(start ?? window?.start ?? String(options.now), { setZone: true });
    const r = findRecurrence(phrases.recurrencePhrase, { now: now.isValid ? now : DateTime.fromJSDate(new Date(options.now)) });
    if (r) {
      recurrence = r.rrule;
      filled += 1;
    }
  }
  const { missing: _m, confidence: _c, ...rest } = base;
  return assessIntent(
    { ...rest, action, start, end, window, durationMinutes, attendees, title, recurrence, timezone, ambiguities, spans, ...(alternatives ? { alternatives } : {}) },
    base.spans.length + filled,
  );
}

/**
 * Reads a request with the rules, then — only when confidence is under the threshold or an
 * essential field is missing, and an LLM is configured — asks the LLM for phrases, re-resolves
 * them with the same deterministic code and merges. On timeout, refusal, malformed or
 * off-schema arguments, HTTP errors or an unreachable server it returns the rule result with
 * `llm: {used: false, reason}` and logs `logger.warn({reason}, 'llm fallback')`.
 * Never throws for LLM failures and never takes a date the model computed.
 * @throws InvalidParseOptionsError for an unknown zone or bad "now" (as parseRequest).
 * @example await parseRequestWithLlm('sync with Dana after the review', opts, llm)
 */
export async function parseRequestWithLlm(text: string, options: ParseRequestOptions, llm?: LlmParser | null): Promise<Intent> {
  const base = parseRequest(text, options);
  if (!llm) return { ...base, llm: { used: false, reason: 'not_configured' } };
  if (base.confidence >= llm.threshold && base.missing.length === 0) return { ...base, llm: { used: false, reason: 'not_needed' } };
  const answer = await llm.extractPhrases(text);
  const fallback = (reason: string, detail?: string): Intent => {
    llm.logger?.warn({ reason, ...(detail ? { detail } : {}) }, 'llm fallback');
    return { ...base, llm: { used: false, reason } };
  };
  if (!answer.ok) return fallback(answer.reason, answer.detail);
  const phrases = answer.phrases;
  for (const phrase of [phrases.whenPhrase, phrases.recurrencePhrase]) {
    if (phrase && hasComputedDate(phrase, text)) return fallback('computed_date', phrase);
  }
  try {
    return { ...mergePhrases(base, phrases, text, options), llm: { used: true } };
  } catch (error) {
    return fallback('error', error instanceof Error ? error.message : String(error));
  }
}

/** What {@link createLlmClientFromEnv} returns: spread it into {@link createLlmParser}. */
export interface LlmClientConfig {
  client: OpenAI;
  model: string;
  timeoutMs: number;
}

/**
 * Builds the OpenAI client from an environment map (passed in, never read from process.env).
 * Null unless OPENAI_API_KEY or OPENAI_BASE_URL is set; a base URL alone (Ollama, llama.cpp)
 * gets the placeholder key "not-needed". Model: OPENAI_MODEL (default "gpt-4o-mini");
 * timeout: OPENAI_TIMEOUT_MS (default 8000); no retries.
 * @example createLlmClientFromEnv({OPENAI_BASE_URL: 'http://localhost:11434/v1', OPENAI_MODEL: 'llama3.1'})
 */
export function createLlmClientFromEnv(env: Record<string, string | undefined>): LlmClientConfig | null {
  const apiKey = env.OPENAI_API_KEY?.trim() || undefined;
  const baseURL = env.OPENAI_BASE_URL?.trim() || undefined;
  if (!apiKey && !baseURL) return null;
  const parsedTimeout = Number(env.OPENAI_TIMEOUT_MS);
  const timeoutMs = Number.isFinite(parsedTimeout) && parsedTimeout > 0 ? parsedTimeout : 8000;
  const client = new OpenAI({ apiKey: apiKey ?? 'not-needed', ...(baseURL ? { baseURL } : {}), maxRetries: 0, timeout: timeoutMs });
  return { client, model: env.OPENAI_MODEL?.trim() || 'gpt-4o-mini', timeoutMs };
}
