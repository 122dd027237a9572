import type { Action } from './intent.js';
import type { Match } from './text.js';

/** The action a request asks for, with the words that said so. */
export interface ActionMatch extends Match {
  action: Exclude<Action, 'unknown'>;
}

// First matching rule wins: changing or removing an existing meeting is more specific than
// booking, and an explicit booking verb beats calendar words ("add an event to my calendar").
// Then what a question asks about: being free → availability, what is on → list; a question
// about the calendar without a verb ("is there anything tomorrow", "when is my dentist") → list.
const RULES: ReadonlyArray<{ action: ActionMatch['action']; pattern: RegExp }> = [
  {
    action: 'cancel',
    pattern: /\b(?:cancel(?:l?ed|l?ing)?|call(?:ing)?\s+off|drop|delete|remove|scrap|clear|erase|get\s+rid\s+of|take\s+(?:\S+\s+){0,3}off)\b/i,
  },
  {
    action: 'reschedule',
    pattern:
      /\b(?:re-?schedul(?:e|ing)|move|push(?:\s+back)?|shift|postpone|bump|rebook|delay|(?:bring|pull)\s+(?!up\b)(?:\S+\s+){0,4}?(?:forward|earlier(?!\s+(?:today|this|in|on)\b))|change\s+the\s+(?:time|date)|change\s+(?:my|the|it|that)\b(?!.*\b(?:name|title)\b))\b/i,
  },
  {
    action: 'book',
    pattern:
      /\b(?:book|(?<!\b(?:my|the|your|our|his|her|their)\s)schedule(?!d)|set(?:\s+up)?|arrange|add|create|put|make|organi[sz]e|plan|invite|pencil\s+in|remind\s+me(?!\s+(?:what|when|of\s+what))|(?:title|label|name)\s+it)\b/i,
  },
  {
    action: 'availability',
    pattern:
      /\b(?:free|available|availability|openings?|open(?:\s+slots?)?|unoccupied|free\s+slots?|free\s+time|busy)\b/i,
  },
  {
    action: 'list',
    pattern:
      /\b(?:what(?:'?s|\s+is|\s+are)\s+(?:on|happening|planned|scheduled|my|the\s+(?:plan|agenda))|what\s+do\s+i\s+have|show(?:\s+me)?|list|tell\s+me|do\s+i\s+have|have\s+i\s+got|events?|agenda|appointments|meetings\s+(?:do|are)|(?:my|the)\s+(?:calendar|schedule)|anything(?:\s+else)?\s+(?:on|scheduled|planned)|check|look\s+at|view|read|remind\s+me\s+(?:what|when|of\s+what))\b/i,
  },
  { action: 'list', pattern: /^\W*(?:what|when|where|who|which|how|is|are|was|were|do|does|did|have|has|any)\b/i },
  { action: 'book', pattern: /\b(?:meet(?:ing)?|catch\s+up|call|sync|appointment)\b/i },
];

/**
 * Reads the action from its verb, spoken or written: put/add/set/make/schedule/book/arrange/
 * remind me → book; move/push/shift/reschedule/postpone/change my … → reschedule;
 * clear/remove/delete/cancel/drop/call off → cancel; "am I free", "free slots", "availability"
 * → availability; "what's on", "show", "do I have", "list", and any question about the
 * calendar without one of those verbs ("is there anything tomorrow") → list; a bare
 * "meeting"/"call" → book.
 * Returns null when no rule matches (the intent's action is then "unknown").
 * @example findAction('push my 3pm to Friday') // {action: 'reschedule', text: 'push', index: 0}
 */
export function findAction(text: string): ActionMatch | null {
  for (const rule of RULES) {
    const m = rule.pattern.exec(text);
    if (m) return { action: rule.action, text: m[0], index: m.index };
  }
  return null;
}
