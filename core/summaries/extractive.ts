/**
 * The offline summariser: TextRank over sentences (Mihalcea & Tarau 2004: sentence similarity
 * by shared content words normalised by length, PageRank with damping 0.85), the best few kept in
 * transcript order; decisions and action items picked by cue phrases. Pure and deterministic.
 */
import type { Sentence } from './transcript.js';

export interface ActionItem {
  text: string;
  owner: string | null;
  due: string | null;
}

export interface MeetingSummary {
  summary: string;
  /** The sentences the summary is made of (extractive) or the model's bullet points. */
  highlights: string[];
  decisions: string[];
  actionItems: ActionItem[];
}

const STOP = new Set(
  'a an and are as at be been but by can could did do does for from had has have he her him his i if in into is it its just me my no not of on or our she so that the their them then there these they this to too up us was we were what when which who will with would you your yeah okay ok um uh like well also all any some one get got go going been about very really'.split(
    ' ',
  ),
);

/** Content words of a sentence, lower-cased, with a crude plural/-ing/-ed stem. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [])
    .map((w) => w.replace(/'s$/, ''))
    .filter((w) => w.length > 2 && !STOP.has(w))
    .map((w) => w.replace(/(ing|ed|es|s)$/, '') || w);
}

function similarity(a: string[], b: string[]): number {
  if (a.length < 2 || b.length < 2) return 0;
  const set = new Set(b);
  const shared = new Set(a.filter((w) => set.has(w))).size;
  return shared / (Math.log(a.length) + Math.log(b.length));
}

/**
 * TextRank scores, one per sentence; one that shares no word with another keeps the base (1 - d) / n.
 * @example textRank([['ship', 'friday'], ['friday', 'ship', 'release'], ['lunch']])
 */
export function textRank(words: string[][], options: { damping?: number; iterations?: number } = {}): number[] {
  const n = words.length;
  const d = options.damping ?? 0.85;
  const w = words.map((a, i) => words.map((b, j) => (i === j ? 0 : similarity(a, b))));
  const outSum = w.map((row) => row.reduce((s, x) => s + x, 0));
  let score = new Array<number>(n).fill(1 / Math.max(n, 1));
  for (let it = 0; it < (options.iterations ?? 50); it += 1) {
    score = score.map((_, i) => (1 - d) / n + d * words.reduce((s, _w, j) => (outSum[j]! > 0 ? s + (w[j]![i]! / outSum[j]!) * score[j]! : s), 0));
  }
  return score;
}

const DECISION = /\b(we(?:'ve| have)? (?:decided|agreed|chose|will go with)|decision(?: is| was)?:?|agreed (?:to|on|that)|let's go with|we'll go with|approved|final answer|settled on)\b/i;
const ACTION = /\b(action item|to-?do|will|'ll|needs? to|has to|have to|is going to|follow up|take care of|send|prepare|schedule|owns?)\b/i;
const NOT_ACTION = /\?$|\b(would|if we|maybe|last week|yesterday|did)\b/i;
const DUE = /\b(by|before|until|on|next)\s+((?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|tonight|end of (?:the )?(?:day|week|month)|eod|eow|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?(?: of)? [A-Z][a-z]+|week|month)\b/i;

function ownerOf(s: Sentence): string | null {
  const named = /^(?:(?:ok(?:ay)?|so|and|then),?\s+)?([A-Z][a-z]+|I|We)\s+(?:will|'ll|needs? to|has to|is going to|owns?)\b/.exec(s.text.replace(/’/g, "'"));
  if (named) return named[1] === 'I' ? s.speaker : named[1] === 'We' ? null : named[1]!;
  const addressed = /^([A-Z][a-z]+),\s+(?:can you|could you|please)\b/.exec(s.text);
  return addressed ? addressed[1]! : s.speaker;
}

/** The decisions and action items said in so many words. */
export function extractDecisionsAndActions(sentences: Sentence[]): { decisions: string[]; actionItems: ActionItem[] } {
  const decisions: string[] = [];
  const actionItems: ActionItem[] = [];
  for (const s of sentences) {
    const text = s.text.replace(/’/g, "'");
    if (DECISION.test(text)) decisions.push(s.text);
    else if (ACTION.test(text) && !NOT_ACTION.test(text) && contentWords(text).length >= 2) {
      const due = DUE.exec(text);
      actionItems.push({ text: s.text, owner: ownerOf(s), due: due ? due[0] : null });
    }
  }
  return { decisions, actionItems };
}

/**
 * Summary of at most `maxSentences` (default: a fifth of the sentences, between 1 and 5), the
 * highest TextRank scores in transcript order; ties go to the earlier sentence.
 * @example summarizeExtractive(splitSentences(parseTranscript(text)))
 */
export function summarizeExtractive(sentences: Sentence[], options: { maxSentences?: number } = {}): MeetingSummary {
  const { decisions, actionItems } = extractDecisionsAndActions(sentences);
  if (sentences.length === 0) return { summary: '', highlights: [], decisions, actionItems };
  const scores = textRank(sentences.map((s) => contentWords(s.text)));
  const k = options.maxSentences ?? Math.min(5, Math.max(1, Math.ceil(sentences.length / 5)));
  const best = sentences
    .map((s, i) => ({ s, score: scores[i]! }))
    .sort((a, b) => b.score - a.score || a.s.index - b.s.index)
    .slice(0, k)
    .sort((a, b) => a.s.index - b.s.index)
    .map(({ s }) => s.text);
  return { summary: best.join(' '), highlights: best, decisions, actionItems };
}
