/**
 * Delivers 'email' outbox rows: over SMTP with nodemailer when SMTP_URL is set, otherwise
 * into the local dev mailbox (table dev_mailbox) so mail is never silently dropped.
 * The Message-ID derives from the row's idempotency key, so a resend after a crash is
 * recognisably the same message (and the dev mailbox keeps it once).
 */
import nodemailer from 'nodemailer';
import MailComposer, { type MailComposerOptions } from 'nodemailer/lib/mail-composer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Knex } from 'knex';
import type { ChannelSender } from '../dispatcher.js';
import { messageIdFor, type EmailPayload } from '../outbox.js';

export interface CreateEmailSenderOptions {
  db: Knex;
  /** smtp://user:pass@host:port or smtps://…; absent = dev mailbox. */
  smtpUrl?: string;
  from: string;
  timeouts?: { connectionMs?: number; greetingMs?: number; socketMs?: number };
}

export interface EmailSender {
  send: ChannelSender;
  transport: 'smtp' | 'dev_mailbox';
  close(): void;
}

/** The domain part of an address like `Yava <no-reply@yava.example>` (for Message-IDs). */
export function mailDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return match ? match[1]!.toLowerCase() : 'yava.local';
}

/** What the dev mailbox keeps of a message's attachments: names, types and sizes (JSON), or null. */
function attachmentList(p: EmailPayload): string | null {
  if (!p.attachments?.length) return null;
  return JSON.stringify(p.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: Buffer.byteLength(a.contentBase64, 'base64') })));
}

export function createEmailSender({ db, smtpUrl, from, timeouts = {} }: CreateEmailSenderOptions): EmailSender {
  const domain = mailDomain(from);
  if (!smtpUrl) {
    return {
      transport: 'dev_mailbox',
      close() {},
      async send(message) {
        const p = message.payload as EmailPayload;
        const messageId = messageIdFor(message.idempotencyKey, domain);
        await db('dev_mailbox').insert({ message_id: messageId, to: p.to, subject: p.subject, text: p.text, html: p.html, ics: p.ics, attachments: attachmentList(p) }).onConflict('message_id').ignore();
        // The dev mailbox knows a message by its Message-ID.
        return { providerId: messageId };
      },
    };
  }
  const url = new URL(smtpUrl);
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '::1';
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    // Plain SMTP to a local relay needs no STARTTLS; anything remote must negotiate it.
    ...(url.protocol === 'smtp:' && local ? { ignoreTLS: true } : {}),
    connectionTimeout: timeouts.connectionMs ?? 10_000,
    greetingTimeout: timeouts.greetingMs ?? 10_000,
    socketTimeout: timeouts.socketMs ?? 30_000,
    dnsTimeout: 10_000,
    // One SMTP connection kept open and reused: a connection (and greeting, EHLO) per message
    // held the dispatcher to a few messages a second. Messages still go one at a time, in order;
    // an idle connection is closed after 5 s (and by close()).
    pool: true,
    maxConnections: 1,
    idleTimeout: 5_000,
  } as SMTPTransport.Options);
  return {
    transport: 'smtp',
    close: () => transporter.close(),
    async send(message) {
      // The message is composed here into one buffer and handed over raw: nodemailer's own
      // path streams it through several transforms, which cost the worker about twice the CPU.
      const mime = new MailComposer(composition(message.payload as EmailPayload, from, messageIdFor(message.idempotencyKey, domain), message.idempotencyKey)).compile();
      const info = await transporter.sendMail({ envelope: mime.getEnvelope(), raw: await mime.build() });
      return { providerId: smtpQueueId(info.response) };
    },
  };
}

/** The message nodemailer composes for one e-mail payload. */
export function composition(p: EmailPayload, from: string, messageId: string, key: string): MailComposerOptions {
  return {
    from,
    to: { name: p.toName ?? '', address: p.to },
    subject: p.subject,
    text: p.text,
    html: p.html,
    messageId,
    headers: {
      'X-Yava-Message-Key': key,
      // RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the link.
      ...(p.unsubscribeUrl ? { 'List-Unsubscribe': `<${p.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
    ...(p.attachments?.length ? { attachments: p.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })) } : {}),
    ...(p.ics && p.icsMethod ? { icalEvent: { method: p.icsMethod, filename: 'invite.ics', content: p.ics } } : {}),
  };
}

/** The relay's id for an accepted message, from its 250 reply ("250 2.0.0 Ok: queued as 4XyZ"), else the reply itself. */
export function smtpQueueId(response: unknown): string | null {
  if (typeof response !== 'string' || !response) return null;
  const queued = /queued as ([^\s]+)/i.exec(response);
  return (queued ? queued[1]! : response.trim()).slice(0, 200);
}
