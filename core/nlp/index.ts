export { parseRequest, InvalidParseOptionsError } from './parseRequest.js';
export {
  chooseOption,
  clarify,
  clarifyingQuestion,
  continueRequest,
  dateChoiceQuestion,
  pickChoice,
  pickPosition,
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
export { readYesNo } from './answers.js';
export { readNewStart, splitMove, type SplitMove } from './moves.js';
export { findShift, MAX_SHIFT_DAYS, type Shift, type ShiftFields, type ShiftMatch, shiftedStart, shiftFields } from './shifts.js';
export * from './intent.js';
