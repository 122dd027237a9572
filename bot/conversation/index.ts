export { createConversation, errorReply, HELP_TEXT, MAX_SLOT_CHOICES, type Conversation, type CreateConversationOptions } from './conversation.js';
export { createProposalStore, type ProposalStore, type SlotRequest } from './proposals.js';
export { normalizeMentions } from './mentions.js';
export { parseCommand } from './commands.js';
export { formatRange } from './format.js';
export { schedulingPortFrom, type SchedulingPort, type CoreSchedulingServices } from './scheduling.js';
export type * from './types.js';
