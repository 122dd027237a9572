import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { renderBookingEmail, type EmailMeeting, type EmailRecipient } from '../../../../core/notify/email/render.js';
import { listNames } from '../../../../core/notify/email/people.js';
import type { BookingChange } from '../../../../core/notify/types.js';

const person = (name: string) => ({ name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com` });
const [ada, bo, cy, ivy, jo] = ['Ada Host', 'Bo Host', 'Cy Host', 'Ivy Invitee', 'Jo Guest'].map(person) as [ReturnType<typeof person>, ReturnType<typeof person>, ReturnType<typeof person>, ReturnType<typeof person>, ReturnType<typeof person>];

const base = { id: 'b1', title: 'Sync', start: new Date('2026-12-01T14:00:00Z'), end: new Date('2026-12-01T14:30:00Z'), location: null, notes: null };

/** Every kind of meeting the e-mails must speak of, as the notifier builds it. */
const KINDS: Record<string, EmailMeeting> = {
  'one-on-one': { ...base, kind: 'one_on_one', hosts: [ada], attendees: [ivy], bookedBy: ivy },
  collective: { ...base, kind: 'collective', hosts: [ada, bo], attendees: [ivy], bookedBy: ivy },
  'round-robin': { ...base, kind: 'round_robin', hosts: [cy], attendees: [ivy], bookedBy: ivy },
  'ad-hoc': { ...base, kind: 'ad_hoc', hosts: [ada, bo], attendees: [], bookedBy: bo },
  'ad-hoc alone': { ...base, kind: 'ad_hoc', hosts: [ada], attendees: [], bookedBy: ada },
  group: { ...base, kind: 'group', hosts: [ada], attendees: [ivy, jo], bookedBy: ivy },
  recurring: { ...base, kind: 'one_on_one', hosts: [ada], attendees: [ivy], bookedBy: ivy, recurrence: 'every week, 6 times' },
  'host booked for someone': { ...base, kind: 'one_on_one', hosts: [ada], attendees: [ivy], bookedBy: ada },
};

const CHANGES: Array<BookingChange['type']> = ['created', 'requested', 'approved', 'rescheduled', 'canceled', 'declined', 'reassigned'];
const formerHost = { ...person('Flo Former'), id: 'u-flo', timezone: 'Asia/Tokyo' };

function recipients(meeting: EmailMeeting, type: BookingChange['type']): EmailRecipient[] {
  return [
    ...meeting.hosts.map((h) => ({ ...h, timezone: 'Europe/Berlin', role: 'host' as const })),
    ...meeting.attendees.map((a) => ({ ...a, timezone: 'America/New_York', role: 'attendee' as const })),
    ...(type === 'reassigned' ? [{ name: formerHost.name, email: formerHost.email, timezone: formerHost.timezone, role: 'former_host' as const }] : []),
  ];
}

function render(meeting: EmailMeeting, recipient: EmailRecipient, type: BookingChange['type']) {
  const change = { type, reason: type === 'canceled' ? 'Clash' : null, previousStart: '2026-11-30T14:00:00Z', previousEnd: '2026-11-30T14:30:00Z', previousHosts: type === 'reassigned' ? [formerHost] : undefined };
  return renderBookingEmail({ change, meeting, recipient, links: { manage: 'http://yava.test/meetings/b1' }, approveHint: 'Run yava approve b1.' });
}

/** Sends the rendered e-mail through nodemailer's real MIME builder and parses it back. */
async function roundTrip(rendered: ReturnType<typeof renderBookingEmail>, to: EmailRecipient) {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = await transport.sendMail({ from: 'Yava <no-reply@yava.test>', to: `${to.name} <${to.email}>`, subject: rendered.subject, text: rendered.text, html: rendered.html });
  return simpleParser(info.message as Buffer);
}

describe('renderBookingEmail: every template × every kind of meeting', () => {
  for (const [kindName, meeting] of Object.entries(KINDS)) {
    for (const type of CHANGES) {
      it(`${type} · ${kindName}: names everyone and leaves nothing empty`, async () => {
        for (const recipient of recipients(meeting, type)) {
          const mail = await roundTrip(render(meeting, recipient, type), recipient);
          const subject = mail.subject!;
          const text = mail.text!;
          const where = `${type}/${kindName} to ${recipient.name}: ${subject}\n${text}`;
          expect(subject, where).not.to.match(/ with\s*$| with ,| with and |:\s*$|\s{2}/);
          expect(text, where).not.to.match(/ with [.,]| with you[.,]? with|^[ \t]+\S|\w+:[ \t]*$/m);
          expect(text, where).to.match(new RegExp(`^Hello ${recipient.name},`));
          // The lead (third line) starts with a word, never with a bare space or punctuation.
          expect(text.split('\n')[2], where).to.match(/^[A-Z]/);
          if (meeting.recurrence) expect(text, where).to.include(`Repeats: ${meeting.recurrence}`);
          // Everyone the recipient may see is named; in a group meeting invitees do not see each other.
          const visible = meeting.kind === 'group' && recipient.role === 'attendee' ? meeting.hosts : [...meeting.hosts, ...meeting.attendees];
          for (const p of visible) expect(text, where).to.include(p.name);
          for (const p of [...meeting.hosts, ...meeting.attendees].filter((p) => !visible.includes(p) && p.email !== recipient.email)) expect(text, where).not.to.include(p.name);
          // A former host's subject names the invitees (the new host is in the lead).
          const others = recipient.role === 'former_host' ? meeting.attendees : visible.filter((p) => p.email !== recipient.email);
          if (others.length) expect(subject, where).to.include(` with ${listNames(others)}`);
          else expect(subject, where).not.to.include(' with ');
          expect(mail.html, where).to.include(recipient.name);
        }
      });
    }
  }

  it('says who booked an ad-hoc meeting to the other hosts, and "Your meeting" to the organizer', () => {
    const meeting = KINDS['ad-hoc']!;
    const toAda = render(meeting, { ...ada, timezone: 'UTC', role: 'host' }, 'created');
    const toBo = render(meeting, { ...bo, timezone: 'UTC', role: 'host' }, 'created');
    expect(toAda.subject).to.equal('New meeting: Sync with Bo Host');
    expect(toAda.text).to.include('Bo Host booked Sync with you.').and.include('Who: Ada Host and Bo Host').and.include('Booked by: Bo Host');
    expect(toBo.subject).to.equal('Confirmed: Sync with Ada Host');
    expect(toBo.text).to.include('Your meeting with Ada Host is confirmed.');
  });

  it('tells a collective host who booked and who else is in it', () => {
    const toBo = render(KINDS.collective!, { ...bo, timezone: 'UTC', role: 'host' }, 'created');
    expect(toBo.subject).to.equal('New meeting: Sync with Ada Host and Ivy Invitee');
    expect(toBo.text).to.include('Ivy Invitee booked Sync with you and Ada Host.').and.include('Hosts: Ada Host and Bo Host').and.include('Invitee: Ivy Invitee');
  });

  it('lists many people briefly', () => {
    expect(listNames(['A', 'B', 'C', 'D', 'E', 'F'].map(person))).to.equal('A, B, C and 3 others');
    expect(listNames([person('A'), person('B')])).to.equal('A and B');
    expect(listNames([])).to.equal('');
  });
});
