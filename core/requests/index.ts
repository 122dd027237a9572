export { createRequestService, type RequestService, type RequestServiceDeps } from './service.js';
export { WHO_ELSE_QUESTION, type ProposeMeetingInput, type AnswerQuestionInput, type AskWhichTimeInput, type RequestReader } from './proposeMeeting.js';
export type { BookRequestInput, BookRequestResult } from './bookRequest.js';
export type { AskAboutMeetingInput } from './meetingQuestions.js';
export { MAX_SLOT_CHOICES, SEARCH_DAYS, searchWindow, searchWindows, widenedWindow } from './searchWindow.js';
export type { StoredRequest } from './store.js';
export type * from './types.js';
