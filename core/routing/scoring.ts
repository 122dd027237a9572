/**
 * Optional LLM scoring of a free-text answer into one of the form's labels with a confidence.
 * The label counts only at or above the form's threshold; any failure, an unknown label or a
 * low confidence leaves the rules to decide without it.
 */
import { z } from 'zod';
import { askLlmJson, logFallback } from '../intelligence/llmJson.js';
import type { LlmClientConfig, LlmLogger } from '../nlp/llm.js';
import type { Answers, Scoring } from './rules.js';

export interface ScoringOutcome {
  /** The label the rules may use (null when not trusted). */
  label: string | null;
  /** What the model said, or why it was not asked/used. */
  detail: { used: boolean; label?: string; confidence?: number; reason?: string };
}

const answerSchema = z.object({ label: z.string(), confidence: z.number().min(0).max(1) }).strict();

/**
 * @example await scoreAnswer(llm, {question: 'needs', labels: ['sales', 'support'], threshold: 0.7}, answers)
 */
export async function scoreAnswer(llm: LlmClientConfig | null, scoring: Scoring | null | undefined, answers: Answers, logger?: LlmLogger): Promise<ScoringOutcome> {
  if (!scoring) return { label: null, detail: { used: false, reason: 'no_scoring' } };
  const text = answers[scoring.question];
  if (typeof text !== 'string' || !text.trim()) return { label: null, detail: { used: false, reason: 'no_answer' } };
  if (!llm) return { label: null, detail: { used: false, reason: 'not_configured' } };
  const result = await askLlmJson(llm, {
    system: 'You classify a prospect\'s free-text answer into exactly one of the given labels and say how confident you are (0 to 1). Call the tool once.',
    user: `Labels: ${scoring.labels.join(', ')}\nAnswer: ${text}`,
    toolName: 'report_label',
    description: 'Report the single best label for the answer and a confidence between 0 and 1.',
    parameters: {
      type: 'object',
      additionalProperties: false,
      required: ['label', 'confidence'],
      properties: { label: { type: 'string', enum: scoring.labels }, confidence: { type: 'number' } },
    },
    schema: answerSchema,
  });
  if (!result.ok) return { label: null, detail: { used: false, reason: logFallback(logger, 'routing scoring', result) } };
  const { label, confidence } = result.value;
  if (!scoring.labels.includes(label)) return { label: null, detail: { used: false, reason: logFallback(logger, 'routing scoring', { reason: 'unknown_label', detail: label }) } };
  if (confidence < scoring.threshold) return { label: null, detail: { used: false, label, confidence, reason: 'below_threshold' } };
  return { label, detail: { used: true, label, confidence } };
}
