/**
 * One structured answer from an OpenAI-compatible LLM (OpenAI, Ollama, llama.cpp): a single
 * strict tool call whose arguments are parsed and validated with zod. Never throws: a timeout,
 * an HTTP error, a refusal, no tool call, malformed JSON or an off-schema answer all come back
 * as a reason, and the caller keeps its offline result.
 */
import OpenAI from 'openai';
import type { z } from 'zod';

/** A configured client (see createLlmClientFromEnv in core/nlp): no retries, a hard timeout. */
export interface LlmCallConfig {
  client: OpenAI;
  model: string;
  timeoutMs: number;
}

/** A pino-compatible logger; only `warn` is used. */
interface WarnLogger {
  warn(details: object, message: string): void;
}

export type LlmJsonResult<T> = { ok: true; value: T } | { ok: false; reason: string; detail?: string };

export interface AskLlmJsonOptions<T> {
  system: string;
  user: string;
  toolName: string;
  description: string;
  /** The JSON schema of the tool's arguments (strict: every property required). */
  parameters: Record<string, unknown>;
  schema: z.ZodType<T>;
}

/**
 * Asks for one tool call and validates it.
 * @example await askLlmJson(llm, {system, user: text, toolName: 'report_label', description, parameters, schema})
 */
export async function askLlmJson<T>(llm: LlmCallConfig, options: AskLlmJsonOptions<T>): Promise<LlmJsonResult<T>> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), llm.timeoutMs);
  const tool: OpenAI.Chat.Completions.ChatCompletionTool = {
    type: 'function',
    function: { name: options.toolName, description: options.description, strict: true, parameters: options.parameters },
  };
  try {
    const completion = await llm.client.chat.completions.create(
      {
        model: llm.model,
        temperature: 0,
        messages: [
          { role: 'system', content: options.system },
          { role: 'user', content: options.user },
        ],
        tools: [tool],
        tool_choice: { type: 'function', function: { name: options.toolName } },
      },
      { timeout: llm.timeoutMs, maxRetries: 0, signal: abort.signal },
    );
    const message = completion.choices[0]?.message;
    if (message?.refusal) return { ok: false, reason: 'refusal', detail: message.refusal };
    const call = message?.tool_calls?.find((c) => c.type === 'function' && c.function.name === options.toolName);
    if (!call || call.type !== 'function') return { ok: false, reason: 'no_tool_call' };
    let args: unknown;
    try {
      args = JSON.parse(call.function.arguments);
    } catch {
      return { ok: false, reason: 'malformed_json' };
    }
    const parsed = options.schema.safeParse(args);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'schema_mismatch', detail: parsed.error.message };
  } catch (error) {
    return { ok: false, ...classifyError(error, abort.signal.aborted) };
  } finally {
    clearTimeout(timer);
  }
}

/** Logs a fallback the way core/nlp does (`llm fallback` with the reason), and returns the reason. */
export function logFallback(logger: WarnLogger | undefined, what: string, result: { reason: string; detail?: string }): string {
  logger?.warn({ what, reason: result.reason, ...(result.detail ? { detail: result.detail.slice(0, 200) } : {}) }, 'llm fallback');
  return result.reason;
}

/** Why a call failed: timeout, unreachable, http_<status> or error. */
export function classifyError(error: unknown, timedOut: boolean): { reason: string; detail?: string } {
  const detail = error instanceof Error ? error.message : String(error);
  if (timedOut || error instanceof OpenAI.APIConnectionTimeoutError) return { reason: 'timeout', detail };
  if (error instanceof OpenAI.APIConnectionError) return { reason: 'unreachable', detail };
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') return { reason: `http_${error.status}`, detail };
  return { reason: 'error', detail };
}
