import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../baseCommand.js';
import type { MailEntry } from '../../core/notify/service.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { formatInstant, renderTable } from '../format.js';

interface MailAnswer {
  transport: string;
  /** The reader's address is confirmed; until then the dev mailbox shows them none of their mail. */
  emailVerified?: boolean;
  messages: MailEntry[];
}

/** Why an unconfirmed account sees no mail, and how to get at its confirmation link. */
const UNVERIFIED =
  'The dev mailbox shows your mail once your address is confirmed, and the link to confirm it is in this mailbox too: an admin can read it with `yava mail --all` (or set SMTP_URL on the server to send real e-mail).';

export default class Mail extends ApiCommand<typeof Mail> {
  static override summary = 'Show mail from the local dev mailbox (used when SMTP_URL is not set).';
  static override examples = ['<%= config.bin %> mail', '<%= config.bin %> mail --all', '<%= config.bin %> mail 3'];
  static override args = { id: Args.integer({ description: 'Print the full text of the message with this id (the same as --show).', required: false }) };
  static override flags = {
    all: Flags.boolean({ description: 'Everyone\u2019s mail (admins only).' }),
    show: Flags.integer({ description: 'Print the full text of the message with this id.' }),
    limit: Flags.integer({ description: 'How many messages.', default: 20 }),
  };

  async run(): Promise<MailAnswer> {
    const id = this.args.id ?? this.flags.show;
    // Looking one message up searches further back than the listing shows.
    const limit = id === undefined ? this.flags.limit : 500;
    const result = await this.spin('Loading mail', this.client.get<MailAnswer>('/api/mail', { ...(this.flags.all ? { all: 'true' } : {}), limit: String(limit) }));
    if (result.transport === 'smtp') this.log('Mail is sent over SMTP (SMTP_URL); the dev mailbox only holds mail from before that.');
    const shown = id === undefined ? undefined : result.messages.find((m) => String(m.id) === String(id));
    const unverified = !this.flags.all && result.emailVerified === false;
    if (id !== undefined && !shown) throw new CliError(unverified ? `No message ${id} you can read. ${UNVERIFIED}` : `No message ${id} in your mailbox; \`yava mail\` lists them`, { exit: EXIT.notFound, code: 'not_found' });
    if (shown) {
      this.log(`To: ${shown.to}\nSubject: ${shown.subject}\nDate: ${formatInstant(shown.createdAt, this.zone)}\n\n${shown.text}`);
    } else if (!result.messages.length) {
      this.log(unverified ? `No mail you can read yet. ${UNVERIFIED}` : 'No mail.');
    } else {
      this.log(renderTable(['ID', 'DATE', 'TO', 'SUBJECT', 'INVITE'], result.messages.map((m) => [String(m.id), formatInstant(m.createdAt, this.zone), m.to, m.subject, m.hasInvite ? 'yes' : '']), this.paint));
    }
    return result;
  }
}
