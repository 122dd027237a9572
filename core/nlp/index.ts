export { parseRequest, InvalidParseOptionsError } from './parseRequest.js';
export { clarifyingQuestion } from './clarify.js';
export {
  createLlmParser,
  createLlmClientFromEnv,
  parseRequestWithLlm,
  LLM_CONFIDENCE_THRESHOLD,
  type LlmParser,
  type CreateLlmParserOptions,
  type LlmLogger,
  type LlmClientConfig,
  type LlmPhrases,
  llmPhrasesSchema,
} from './llm.js';
export * from './intent.js';
