/**
 * A transcript → a summary with decisions and action items: the LLM when configured (one strict
 * tool call, validated), the offline TextRank summariser otherwise and on any LLM failure.
 */
import { z } from 'zod';
import { askLlmJson, logFallback, type LlmCallConfig } from '../intelligence/llmJson.js';
import type { LlmLogger } from '../nlp/llm.js';
import { type MeetingSummary, summarizeExtractive } from './extractive.js';
import { type TranscriptFormat, parseTranscript, splitSentences } from './transcript.js';

export interface SummaryOutcome extends MeetingSummary {
  method: 'llm' | 'extractive';
  /** Why the LLM was not used (not_configured, timeout, malformed_json, …). */
  llmFallbackReason: string | null;
}

const llmSummarySchema = z
  .object({
    summary: z.string().trim().min(1).max(4000),
    decisions: z.array(z.string().trim().min(1).max(500)).max(50),
    actionItems: z.array(z.object({ text: z.string().trim().min(1).max(500), owner: z.string().max(200).nullable(), due: z.string().max(100).nullable() }).strict()).max(50),
  })
  .strict();

const PARAMETERS = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'decisions', 'actionItems'],
  properties: {
    summary: { type: 'string', description: 'A few sentences on what the meeting covered.' },
    decisions: { type: 'array', items: { type: 'string' }, description: 'Decisions the participants made, one per item.' },
    actionItems: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['text', 'owner', 'due'],
        properties: { text: { type: 'string' }, owner: { type: ['string', 'null'] }, due: { type: ['string', 'null'], description: 'As said in the meeting, e.g. "by Friday".' } },
      },
    },
  },
};

/** Longest transcript sent to the LLM (characters); longer ones are summarised offline. */
export const LLM_MAX_CHARS = 60_000;

/**
 * @example await summarizeTranscript(text, 'vtt', {llm, logger})
 */
export async function summarizeTranscript(raw: string, format: TranscriptFormat | undefined, deps: { llm: LlmCallConfig | null; logger?: LlmLogger }): Promise<SummaryOutcome> {
  const sentences = splitSentences(parseTranscript(raw, format));
  const offline = summarizeExtractive(sentences);
  if (!deps.llm) return { ...offline, method: 'extractive', llmFallbackReason: 'not_configured' };
  if (sentences.length === 0) return { ...offline, method: 'extractive', llmFallbackReason: 'empty' };
  const plain = sentences.map((s) => (s.speaker ? `${s.speaker}: ${s.text}` : s.text)).join('\n');
  if (plain.length > LLM_MAX_CHARS) return { ...offline, method: 'extractive', llmFallbackReason: 'too_long' };
  const answer = await askLlmJson(deps.llm, {
    system: 'You summarise meeting transcripts. Use only what the transcript says; never invent decisions, owners or dates. Call the tool once.',
    user: plain,
    toolName: 'report_meeting_summary',
    description: 'Report the meeting summary, the decisions made and the action items (with owner and due date when said).',
    parameters: PARAMETERS,
    schema: llmSummarySchema,
  });
  if (!answer.ok) return { ...offline, method: 'extractive', llmFallbackReason: logFallback(deps.logger, 'meeting summary', answer) };
  const v = answer.value;
  return { summary: v.summary, highlights: [], decisions: v.decisions, actionItems: v.actionItems, method: 'llm', llmFallbackReason: null };
}
