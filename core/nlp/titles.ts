import type { Match } from './text.js';

/** A meeting title found in the text. */
export interface TitleMatch extends Match {
  title: string;
}

const QUOTED = /(?<![A-Za-z])(?:"([^"\n]{2,})"|“([^”\n]{2,})”|'([^'\n]{3,})'(?![A-Za-z]))/;
const LEAD_IN = /(?<!\b(?:what|how)\s+)\b(?:about|re:|re|regarding|to\s+discuss|titled|called|named|subject:?)\s+/gi;
// Words that end a title: when, who and how long usually follow it.
const TITLE_END = new RegExp(
  '\\s+(?:with|at|on|tomorrow|today|tonight|next|this|every|from|for|between|in|by|until|before|after|' +
    'monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|' +
    'and\\s+(?:invite|add)|please)\\b|\\s{2,}|[,;!?\\n]|\\.(?:\\s|$)',
  'i',
);

/**
 * Finds the title: quoted text first ("\"Design review\""), otherwise the words after
 * "about", "re:", "regarding", "to discuss", "titled", "called", up to the next time,
 * attendee or punctuation word.
 * @example findTitle('30 min about the Q3 budget tomorrow') // {title: 'Q3 budget', ...}
 */
export function findTitle(text: string): TitleMatch | null {
  const q = QUOTED.exec(text);
  if (q) {
    const title = (q[1] ?? q[2] ?? q[3] ?? '').trim();
    if (title) return { title, text: q[0], index: q.index };
  }
  LEAD_IN.lastIndex = 0;
  for (let m = LEAD_IN.exec(text); m; m = LEAD_IN.exec(text)) {
    const from = m.index + m[0].length;
    const tail = text.slice(from);
    const end = TITLE_END.exec(tail);
    const phrase = (end ? tail.slice(0, end.index) : tail).trim();
    const title = phrase.replace(/^(?:the|a|an)\s+/i, '');
    // "about 4pm" or "about an hour" is not a title.
    if (!title || /^(?:\d|an?\s+hour|half\b|noon\b)/i.test(title)) continue;
    return { title, text: text.slice(m.index, from + phrase.length), index: m.index };
  }
  return null;
}
