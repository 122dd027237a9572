import type { ChatAccountService } from '../../core/chat/accounts.js';
import type { Clock } from '../../core/clock.js';
import type { RequestService } from '../../core/requests/index.js';
import type { Services } from '../../core/services.js';

/**
 * What the conversation uses from core, by core's own types: the request workflow every front
 * door shares, meetings to list and cancel, and chat account links. Tests pass fakes of these.
 */
export interface ConversationPorts {
  requests: Pick<RequestService, 'proposeOrAnswer' | 'answer' | 'book' | 'get'>;
  booking: Pick<Services['booking'], 'listBookings' | 'cancelBooking'>;
  chatAccounts: Pick<ChatAccountService, 'findLinkedUser' | 'linkByVerifiedEmail' | 'createLinkCode'>;
  clock: Clock;
  publicUrl: string;
}
