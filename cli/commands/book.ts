import { Args, Flags } from '@oclif/core';
import { DateTime } from 'luxon';
import { ApiCommand } from '../baseCommand.js';
import { CliError, missingValue, usageError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { askInput, askSelect } from '../prompts.js';
import { looksLikeTarget, parseTarget } from '../target.js';
import type { Intent, Meeting, Slot, SlotsResponse, User } from '../types.js';
import { meetingDetails } from '../views/meetings.js';
import { slotLabel } from '../views/slots.js';
import { addDays, parseText, resolveWhen, todayIn } from '../when.js';

export default class Book extends ApiCommand<typeof Book> {
  static override summary = 'Book a meeting: on an event type, or from a sentence.';
  static override description = [
    'With <user>/<event-type>: books that event type. Without --at, in a terminal, pick from the next free slots.',
    'With a sentence ("30 min with alice tomorrow 3pm"): reads it, checks that everyone is free, and books a meeting with them;',
    'a missing piece is asked for in a terminal, otherwise the command exits 2 naming it.',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> book demo/intro',
    '<%= config.bin %> book demo/intro --at "tomorrow 3pm" --name "Ada Lovelace" --email ada@example.com',
    '<%= config.bin %> book demo/intro --at 2026-12-01T10:00 --tz Europe/Berlin --json',
    '<%= config.bin %> book "30 min with alice tomorrow 3pm"',
  ];
  static override strict = false;
  static override args = { request: Args.string({ description: '<user>/<event-type>, or a request in plain English.' }) };
  static override flags = {
    at: Flags.string({ description: 'Start time: ISO, or plain English ("tomorrow 3pm").' }),
    name: Flags.string({ description: 'Your name (default: your account name).' }),
    email: Flags.string({ description: 'Your email (default: your account email).' }),
    notes: Flags.string({ description: 'A note for the host.' }),
    title: Flags.string({ description: 'Title of a meeting booked from a sentence.' }),
  };

  async run(): Promise<Meeting> {
    const text = this.rest.join(' ').trim();
    if (!text) {
      if (!this.canPrompt()) throw usageError('Say what to book: yava book <user>/<event-type>, or yava book "30 min with alice tomorrow 3pm"');
      return this.bookEventType(await askInput('Book what? (<user>/<event-type>)'));
    }
    return looksLikeTarget(text) ? this.bookEventType(text) : this.bookSentence(text);
  }

  private async me(): Promise<User | null> {
    if (!this.client.token) return null;
    return this.client.get<User>('/api/me');
  }

  private async bookEventType(targetText: string): Promise<Meeting> {
    const target = parseTarget(targetText);
    if (!target.eventType) throw usageError(`Name the event type, as in ${target.user}/intro`);
    const zone = this.zone;
    let start: string;
    if (this.flags.at) start = await resolveWhen(this.client, this.flags.at, zone, '--at');
    else {
      if (!this.canPrompt()) throw missingValue('--at', 'the start time');
      const from = todayIn(zone);
      const res = await this.spin(
        'Finding free slots',
        this.client.request<SlotsResponse>('GET', '/api/availability', { query: { user: target.user, eventType: target.eventType, from, to: addDays(from, 13), timezone: zone }, auth: Boolean(this.client.token) }),
      );
      if (!res.slots.length) throw new CliError(`${target.user}/${target.eventType} has no free slots in the next two weeks`, { exit: EXIT.conflict, code: 'no_slots' });
      start = await askSelect(
        `Pick a time (${zone})`,
        res.slots.slice(0, 30).map((s) => ({ name: slotLabel(s, zone), value: s.start })),
      );
    }
    const me = this.flags.name && this.flags.email ? null : await this.me();
    const name = await this.need(this.flags.name ?? me?.name, '--name', () => askInput('Your name'), 'your name');
    const email = await this.need(this.flags.email ?? me?.email, '--email', () => askInput('Your email'), 'your email');
    const meeting = await this.spin(
      'Booking',
      this.client.request<Meeting>('POST', '/api/meetings/schedule', {
        auth: Boolean(this.client.token),
        headers: { 'idempotency-key': this.idempotencyKey },
        body: { user: target.user, eventType: target.eventType, start, invitee: { name, email, timezone: zone }, ...(this.flags.notes ? { notes: this.flags.notes } : {}) },
      }),
    );
    this.log(meeting.status === 'pending' ? 'Requested (the host approves it):' : 'Booked:');
    this.log(meetingDetails(meeting, zone, this.paint));
    return meeting;
  }

  /** "30 min with alice tomorrow 3pm": everyone's common free time, then an ad-hoc meeting. */
  private async bookSentence(text: string): Promise<Meeting> {
    const zone = this.zone;
    const intent: Intent = await this.spin('Reading the request', parseText(this.client, text, zone));
    const me = await this.me();
    if (!me) throw new CliError('Booking from a sentence needs a login: run `yava login`', { exit: EXIT.auth, code: 'not_logged_in' });
    let usernames = intent.attendees.map((a) => a.handle ?? a.name).filter((u): u is string => Boolean(u)).map((u) => u.replace(/^@/, '').toLowerCase());
    usernames = usernames.filter((u) => u !== me.username);
    if (!usernames.length) {
      if (!this.canPrompt()) throw this.missing('attendees', 'who the meeting is with ("with alice")');
      usernames = (await askInput('With whom? (usernames, comma-separated)')).split(',').map((u) => u.trim().replace(/^@/, '').toLowerCase()).filter(Boolean);
    }
    let duration = intent.durationMinutes ?? (intent.start && intent.end ? Math.round((Date.parse(intent.end) - Date.parse(intent.start)) / 60_000) : null);
    if (!duration) {
      if (!this.canPrompt()) throw this.missing('durationMinutes', 'how long ("30 min")');
      const answer = await askInput('How long, in minutes?', { default: '30', validate: (v) => (/^\d{1,4}$/.test(v.trim()) && Number(v) > 0 ? true : 'Enter minutes, e.g. 30') });
      duration = Number(answer);
    }
    let start = intent.start ? DateTime.fromISO(intent.start).toUTC().toISO({ suppressMilliseconds: true })! : null;
    const window = intent.window;
    if (!start && !window) {
      if (!this.canPrompt()) throw this.missing('start', 'when ("tomorrow 3pm")');
      start = await resolveWhen(this.client, await askInput('When?'), zone, 'the time');
    }
    // Everyone, including you, must be free: ask for common slots over the days concerned.
    const anchor = DateTime.fromISO(start ?? window!.start).setZone(zone);
    const last = window ? DateTime.fromISO(window.end).setZone(zone) : anchor;
    const users = [me.username, ...usernames];
    const res = await this.spin(
      'Checking everyone is free',
      this.client.get<SlotsResponse>('/api/availability', { users: users.join(','), durationMinutes: duration, from: anchor.toISODate(), to: last.toISODate(), timezone: zone }),
    );
    const inWindow = (s: Slot) => !window || (Date.parse(s.start) >= Date.parse(window.start) && Date.parse(s.end) <= Date.parse(window.end));
    if (start) {
      if (!res.slots.some((s) => Date.parse(s.start) === Date.parse(start!))) {
        const options = res.slots.slice(0, 3).map((s) => slotLabel(s, zone));
        throw new CliError(`${users.join(', ')} are not all free at ${DateTime.fromISO(start).setZone(zone).toFormat('ccc dd LLL HH:mm')} (${zone})${options.length ? `; free that day: ${options.join(', ')}` : ''}`, { exit: EXIT.conflict, code: 'slot_unavailable' });
      }
    } else {
      const candidates = res.slots.filter(inWindow);
      if (!candidates.length) throw new CliError(`${users.join(', ')} have no common free ${duration} min in that window`, { exit: EXIT.conflict, code: 'no_slots' });
      start = this.canPrompt() ? await askSelect(`Pick a time (${zone})`, candidates.slice(0, 20).map((s) => ({ name: slotLabel(s, zone), value: s.start }))) : candidates[0]!.start;
    }
    const title = this.flags.title ?? intent.title ?? `Meeting with ${usernames.join(', ')}`;
    const meeting = await this.spin(
      'Booking',
      this.client.request<Meeting>('POST', '/api/meetings', {
        headers: { 'idempotency-key': this.idempotencyKey },
        body: { usernames, start, durationMinutes: duration, title, ...(this.flags.notes ? { notes: this.flags.notes } : {}) },
      }),
    );
    this.log('Booked:');
    this.log(meetingDetails(meeting, zone, this.paint));
    return meeting;
  }

  private missing(field: string, what: string): CliError {
    return new CliError(`Missing ${what} in the request (field: ${field}); add it to the sentence, or use yava book <user>/<event-type> --at …`, { exit: EXIT.usage, code: 'missing_value' });
  }
}
