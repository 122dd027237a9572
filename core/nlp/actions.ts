import type { Action } from './intent.js';
import type { Match } from './text.js';

/** The action a request asks for, with the words that said so. */
export interface ActionMatch extends Match {
  action: Exclude<Action, 'unknown'>;
}

// First matching rule wins: changing or removing an existing meeting is more specific than
// booking, and an explicit booking verb beats calendar words ("add an event to my calendar").
const RULES: ReadonlyArray<{ action: ActionMatch['action']; pattern: RegExp }> = [
  { action: 'cancel', pattern: /\b(?:cancel(?:l?ed|l?ing)?|call(?:ing)?\s+off|drop|delete|remove|scrap)\b/i },
  {
    action: 'reschedule',
    pattern: /\b(?:re-?schedul(?:e|ing)|move|push(?:\s+back)?|shift|postpone|bump|rebook|change\s+the\s+(?:time|date))\b/i,
  },
  {
    action: 'book',
    pattern:
      /\b(?:book|(?<!\b(?:my|the|your|our|his|her|their)\s)schedule(?!d)|set\s+up|arrange|add|create|put|make\s+(?:an?\s+)?(?:appointment|reservation|booking|event)|organi[sz]e|plan|invite|pencil\s+in|(?:title|label|name)\s+it)\b/i,
  },
  {
    action: 'availability',
    pattern:
      /\b(?:free|available|availability|openings?|open(?:\s+slots?)?|unoccupied|free\s+slots?|free\s+time|busy)\b/i,
  },
  {
    action: 'list',
    pattern:
      /\b(?:what(?:'s|\s+is)\s+on|what\s+do\s+i\s+have|show(?:\s+me)?|list|do\s+i\s+have|events?|agenda|appointments|meetings\s+(?:do|are)|(?:my|the)\s+(?:calendar|schedule)|anything(?:\s+else)?\s+(?:on|scheduled|planned)|check|look\s+at|view)\b/i,
  },
  { action: 'book', pattern: /\b(?:meet(?:ing)?|catch\s+up|call|sync|appointment)\b/i },
];

/**
 * Reads the action from its verb: book/schedule/set up/arrange/meet → book;
 * move/push/reschedule/shift → reschedule; cancel/drop/call off → cancel;
 * "what's on", "show my meetings", "list", "do I have" → list;
 * "when is X free", "free slots", "availability", "am I free" → availability.
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
