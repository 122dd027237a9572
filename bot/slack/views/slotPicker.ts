import { clipText, type Reply } from '../../conversation/index.js';
import { NAMES_MAX, TEXT_MAX, TITLE_MAX } from './limits.js';

type SlotsReply = Extract<Reply, { kind: 'slots' }>;

/** Action ids of the slot buttons: `meet_pick_0` … `meet_pick_4` (unique within the block). */
export const PICK_ACTION = /^meet_pick_\d+$/;

/** Button values carry the proposal and the start: `{proposalId}|{start}`. */
export function encodePick(proposalId: string, start: string): string {
  return `${proposalId}|${start}`;
}

export function decodePick(value: string): { proposalId: string; start: string } | null {
  const [proposalId, start] = value.split('|');
  return proposalId && start ? { proposalId, start } : null;
}

/** Up to five slot buttons under a line that says what is being booked. */
export function slotPickerBlocks(reply: SlotsReply): { text: string; blocks: unknown[] } {
  const header = `*${clipText(reply.title, TITLE_MAX)}* · ${reply.durationMinutes} min with ${clipText(reply.withNames.join(', '), NAMES_MAX)} · times in ${reply.timezone}`;
  const blocks: unknown[] = [];
  if (reply.note) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clipText(reply.note, TEXT_MAX) }] });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${header}\nPick a time:` } });
  blocks.push({
    type: 'actions',
    block_id: 'meet_slots',
    elements: reply.slots.map((slot, index) => ({
      type: 'button',
      action_id: `meet_pick_${index}`,
      text: { type: 'plain_text', text: slot.label, emoji: false },
      value: encodePick(reply.proposalId, slot.start),
    })),
  });
  return { text: `${reply.note ? reply.note + ' ' : ''}Pick a time for ${reply.title}: ${reply.slots.map((s) => s.label).join('; ')}`, blocks };
}
