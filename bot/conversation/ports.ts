import type { ChatAccountService } from '../../core/chat/accounts.js';
import type { Clock } from '../../core/clock.js';
import type { RequestService } from '../../core/requests/index.js';
import type { Services } from '../../core/services.js';

/**
 * What the conversation uses from core, by core's own types: the request workflow every front
 * door shares (with its questions about a meeting), meetings to list, cancel and move, and chat
 * account links. Tests pass fakes of these.
 */
export interface ConversationPorts {
  requests: Pick<RequestService, 'proposeOrAnswer' | 'answer' | 'book' | 'get' | 'askAboutMeeting' | 'openQuestion' | 'close'>;
  booking: Pick<Services['booking'], 'listBookings' | 'cancelBooking' | 'rescheduleBooking'>;
  chatAccounts: Pick<ChatAccountService, 'findLinkedUser' | 'linkByVerifiedEmail' | 'createLinkCode'>;
  clock: Clock;
  publicUrl: string;
}
