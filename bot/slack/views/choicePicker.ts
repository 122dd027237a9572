import { clipText, type QuestionChoices, type RequestMode } from '../../conversation/index.js';
import { TEXT_MAX } from './limits.js';

/** Action ids of a question's choice buttons: `meet_answer_0` … (unique within the block). */
export const ANSWER_ACTION = /^meet_answer_\d+$/;
/** Slack cuts a button's text at 75 characters. */
const BUTTON_TEXT_MAX = 75;

/** Button values carry the request, the choice and the mode: `{requestId}|{index}|{book|slots}`. */
export function encodeAnswer(requestId: string, choice: number, mode: RequestMode): string {
  return `${requestId}|${choice}|${mode}`;
}

export function decodeAnswer(value: string): { requestId: string; choice: number; mode: RequestMode } | null {
  const m = /^([0-9a-f-]{36})\|(\d{1,2})\|(book|slots)$/.exec(value);
  return m ? { requestId: m[1]!, choice: Number(m[2]), mode: m[3] as RequestMode } : null;
}

/** A question, with a button per choice when it offers some (typing the answer works too). */
export function questionBlocks(text: string, choices?: QuestionChoices): { text: string; blocks?: unknown[] } {
  if (!choices) return { text };
  const buttons = choices.labels.map((label, index) => ({
    type: 'button',
    action_id: `meet_answer_${index}`,
    text: { type: 'plain_text', text: clipText(label, BUTTON_TEXT_MAX), emoji: false },
    value: encodeAnswer(choices.requestId, index, choices.mode),
  }));
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clipText(text, TEXT_MAX) } }, { type: 'actions', block_id: 'meet_answers', elements: buttons }] };
}
