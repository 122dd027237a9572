import type { Intent } from './intent.js';

/**
 * One short question about the first missing field of an intent, or null when nothing is
 * missing. An ambiguity on that field asks to choose ("Did you mean Friday 27 Nov or Friday
 * 4 Dec?").
 * @example clarifyingQuestion(parseRequest('book a call with Bob', opts)) // 'What day and time should I book?'
 */
export function clarifyingQuestion(intent: Intent): string | null {
  const field = intent.missing[0];
  if (field === undefined) return null;
  const ambiguity = intent.ambiguities.find((a) => a.blocking && a.field === field);
  if (ambiguity) return ambiguity.message;
  switch (field) {
    case 'action':
      return 'What would you like to do: book, move, cancel or list meetings?';
    case 'start':
      return intent.action === 'reschedule' ? 'When should I move it to?' : 'What day and time should I book?';
    case 'durationMinutes':
      return 'How long should the meeting be?';
    case 'attendees':
      return 'Who should I invite?';
    case 'title':
      return 'What is the meeting about?';
    default:
      return `What should the ${field} be?`;
  }
}
