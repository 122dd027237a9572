export { parseRequest, InvalidParseOptionsError } from './parseRequest.js';
export {
  chooseOption,
  clarify,
  clarifyingQuestion,
  continueRequest,
  dateChoiceQuestion,
  type AttendeeChoice,
  type Clarification,
  type ClarificationKind,
  type ClarifyOptions,
  type PendingRequest,
  type PersonCandidate,
} from './clarify.js';
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
