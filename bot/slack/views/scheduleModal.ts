export const SCHEDULE_MODAL = 'schedule_modal';
export const REQUEST_BLOCK = 'request';
export const REQUEST_INPUT = 'text';

/** The "Schedule a meeting about this" modal, prefilled from the message; `channel` comes back on submit. */
export function scheduleModalView(input: { messageText: string; channelId: string }): unknown {
  const about = input.messageText.replace(/\s+/g, ' ').trim().slice(0, 150);
  return {
    type: 'modal',
    callback_id: SCHEDULE_MODAL,
    private_metadata: JSON.stringify({ channel: input.channelId }),
    title: { type: 'plain_text', text: 'Schedule a meeting' },
    submit: { type: 'plain_text', text: 'Find times' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: REQUEST_BLOCK,
        label: { type: 'plain_text', text: 'Who, how long, when' },
        hint: { type: 'plain_text', text: 'e.g. 30 min with @alice tomorrow afternoon' },
        element: { type: 'plain_text_input', action_id: REQUEST_INPUT, multiline: true, initial_value: about ? `30 min about ${about} with ` : '' },
      },
    ],
  };
}
