export { createConversation, errorReply, HELP_TEXT, MAX_SLOT_CHOICES, type Conversation, type CreateConversationOptions } from './conversation.js';
export type { ConversationPorts } from './ports.js';
export { normalizeMentions } from './mentions.js';
export { parseCommand } from './commands.js';
export { clipText, formatRange, moreMeetingsText } from './format.js';
export { INVALID_BUTTON } from './requests.js';
export type * from './types.js';
