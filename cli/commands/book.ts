import { Args, Flags } from '@oclif/core';
import { DateTime } from 'luxon';
import { ApiCommand } from '../baseCommand.js';
import { CliError, missingValue, usageError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { askInput, askSelect } from '../prompts.js';
import { looksLikeTarget, looksLikeUser, parseTarget } from '../target.js';
import { answerRequest, bookRequest, proposeRequest, type MeetingRequest } from '../requests.js';
import type { Meeting, SlotsResponse, User } from '../types.js';
import { recurrenceOf, type SeriesBooking } from '../series.js';
import { meetingDetails } from '../views/meetings.js';
import { seriesDetails } from '../views/series.js';
import { slotLabel } from '../views/slots.js';
import { addDays, parseText, resolveWhen, todayIn } from '../when.js';

/** The line above a new booking's details, by its status. */
const BOOKED_HEADING: Record<string, string> = {
  pending: 'Requested (the host approves it):',
  pending_payment: 'Held until paid (open the link under "pay at" to pay):',
};

/** How a missing field is named in an error for scripts. */
const MISSING_WORDS: Record<string, string> = {
  durationMinutes: 'how long ("30 min")',
  start: 'when ("tomorrow 3pm")',
  attendees: 'who the meeting is with ("with alice")',
  action: 'a meeting to book ("30 min with alice tomorrow 3pm")',
};

/** Flags only `yava book <user>/<event-type>` reads: a sentence books as you, once. */
const EVENT_TYPE_ONLY_FLAGS = ['name', 'email', 'repeat', 'every', 'count', 'until', 'allow-partial'] as const;

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
    '<%= config.bin %> book demo/sync --at "tue 10:00" --repeat weekly --count 6',
    '<%= config.bin %> book demo/sync --at 2026-12-01T10:00 --repeat weekly --every 2 --until 2027-03-01 --allow-partial',
    '<%= config.bin %> book "30 min with alice tomorrow 3pm"',
  ];
  static override strict = false;
  // A value the server refuses is named by the flag that gave it.
  static override fieldNames = { 'invitee.email': '--email', 'invitee.name': '--name', 'invitee.timezone': '--tz', start: '--at' };
  static override args = { request: Args.string({ description: '<user>/<event-type>, or a request in plain English.' }) };
  static override flags = {
    at: Flags.string({ description: 'Start time: ISO, or plain English ("tomorrow 3pm").' }),
    name: Flags.string({ description: 'Your name (default: your account name).' }),
    email: Flags.string({ description: 'Your email (default: your account email).' }),
    notes: Flags.string({ description: 'A note for the host.' }),
    title: Flags.string({ description: 'Title of a meeting booked from a sentence.' }),
    repeat: Flags.string({ description: 'Book a series (event types that allow it): weekly or monthly, repeated in the host\'s zone.', options: ['weekly', 'monthly'] }),
    every: Flags.integer({ description: 'With --repeat: every N weeks or months (default 1).', min: 1, max: 12 }),
    count: Flags.integer({ description: 'With --repeat: how many meetings, the first included.', min: 2, max: 104 }),
    until: Flags.string({ description: 'With --repeat: the last date (YYYY-MM-DD, in the zone of the host\'s working hours) a meeting may fall on.' }),
    'allow-partial': Flags.boolean({ description: 'With --repeat: book the free meetings and list the taken ones instead of refusing the series.' }),
  };

  async run(): Promise<Meeting | SeriesBooking> {
    const text = this.rest.join(' ').trim();
    // "demo" alone is a user whose event type was left out, not a sentence: say so before any login or request.
    if (looksLikeUser(text)) return this.bookEventType(text);
    if (this.flags.repeat && text && !looksLikeTarget(text)) throw usageError('--repeat books an event type: yava book <user>/<event-type> --at WHEN --repeat weekly --count 6');
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

  private async bookEventType(targetText: string): Promise<Meeting | SeriesBooking> {
    const recurrence = recurrenceOf({ repeat: this.flags.repeat, every: this.flags.every, count: this.flags.count, until: this.flags.until });
    if (this.flags['allow-partial'] && !recurrence) throw usageError('--allow-partial goes with --repeat');
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
    // The host of this event type is not its invitee: ask who is, rather than book them with themselves.
    const invitee = me && me.username === target.user ? null : me;
    if (!invitee && me && !this.canPrompt()) throw missingValue('--name/--email', `the invitee (you host ${target.user}/${target.eventType}, so you cannot book it for yourself)`);
    const who = invitee ? 'Your' : 'Invitee';
    const name = await this.need(this.flags.name ?? invitee?.name, '--name', () => askInput(`${who} name`), 'your name');
    const email = await this.need(this.flags.email ?? invitee?.email, '--email', () => askInput(`${who} email`), 'your email');
    const body = { user: target.user, eventType: target.eventType, start, invitee: { name, email, timezone: zone }, ...(this.flags.notes ? { notes: this.flags.notes } : {}) };
    if (recurrence) {
      const series = await this.spin('Booking the series', this.client.request<SeriesBooking>('POST', '/api/meetings/schedule', { auth: Boolean(this.client.token), body: { ...body, recurrence, ...(this.flags['allow-partial'] ? { allowPartial: true } : {}) } }));
      this.log(seriesDetails(series, zone, this.paint));
      return series;
    }
    const meeting = await this.spin(
      'Booking',
      this.client.request<Meeting>('POST', '/api/meetings/schedule', {
        auth: Boolean(this.client.token),
        headers: { 'idempotency-key': this.idempotencyKey },
        body,
      }),
    );
    this.log(BOOKED_HEADING[meeting.status] ?? 'Booked:');
    this.log(meetingDetails(meeting, zone, this.paint));
    return meeting;
  }

  /**
   * "30 min with alice tomorrow 3pm": the server's request workflow (POST /api/requests, the
   * same one Slack and Discord use) proposes everyone's free times or asks one question; a
   * terminal answers it, a script gets exit 2 naming what is missing.
   */
  private async bookSentence(text: string): Promise<Meeting> {
    const zone = this.zone;
    const unread = EVENT_TYPE_ONLY_FLAGS.filter((f) => this.flags[f] !== undefined && this.flags[f] !== false).map((f) => `--${f}`);
    if (unread.length) throw usageError(`${unread.join(', ')} go${unread.length === 1 ? 'es' : ''} with yava book <user>/<event-type>; a sentence books as you, once (say it in the sentence, or book an event type)`);
    if (!this.client.token) throw new CliError('Booking from a sentence needs a login: run `yava login`', { exit: EXIT.auth, code: 'not_logged_in' });
    const sentence = this.flags.at ? await this.withAt(text, this.flags.at, zone) : text;
    let request = await this.spin('Reading the request', proposeRequest(this.client, { text: sentence, timezone: zone, ...(this.flags.title ? { title: this.flags.title } : {}) }));
    for (let asked = 0; request.status === 'question' && asked < 5; asked++) {
      if (!this.canPrompt()) throw this.missing(request);
      request = await this.spin('Reading the answer', answerRequest(this.client, request.id, await this.askAnswer(request)));
    }
    if (request.status === 'question') throw this.missing(request);
    if (request.status !== 'proposed') throw usageError(`"${text}" does not read as a meeting to book (it reads as "${request.intent.action}"): see yava meetings, yava cancel, yava reschedule`);
    const start = await this.pickStart(request, zone);
    const meeting = await this.spin('Booking', bookRequest(this.client, request.id, { start, ...(this.flags.notes ? { notes: this.flags.notes } : {}) }));
    this.log('Booked:');
    this.log(meetingDetails(meeting, zone, this.paint));
    return meeting;
  }

  /**
   * The sentence with --at's time added ("30 min with demo" --at "tomorrow 4pm" → "… on 2026-12-01 at 16:00",
   * local to `zone`), read as any --at is; a sentence that already says when is refused rather than one time silently winning.
   */
  private async withAt(text: string, at: string, zone: string): Promise<string> {
    const start = await resolveWhen(this.client, at, zone, '--at');
    const own = await parseText(this.client, text, zone);
    if (own.start) throw usageError(`The sentence already says when (${DateTime.fromISO(own.start).setZone(zone).toFormat('ccc dd LLL HH:mm')}); give the time once, in the sentence or with --at`);
    // A day or a period without a time ("tomorrow", "in march") would win over --at's date too.
    if (own.window) throw usageError(`The sentence already says which day (from ${DateTime.fromISO(own.window.start).setZone(zone).toFormat('ccc dd LLL')}); give the day and time once, in the sentence or with --at`);
    return `${text} ${DateTime.fromISO(start).setZone(zone).toFormat("'on' yyyy-LL-dd 'at' HH:mm")}`;
  }

  /** The asked time when it is free; otherwise a pick in a terminal (the best free time for a window in a script), in the server's best-first order. */
  private async pickStart(request: MeetingRequest, zone: string): Promise<string> {
    const people = [...request.with.map((p) => p.username), 'you'];
    const names = people.length > 1 ? `${people.slice(0, -1).join(', ')} and ${people.at(-1)}` : people[0]!;
    const everyone = people.length === 2 ? 'both' : 'all';
    if (!request.slots.length) throw new CliError(`${names} have no common free ${request.durationMinutes} min in the next week`, { exit: EXIT.conflict, code: 'no_slots' });
    const asked = request.intent.start;
    const first = request.slots[0]!;
    // "monday or tuesday at 3pm": either named time will do; a terminal is asked which, a script gets the first one free.
    const named = [asked, ...(request.intent.alternatives ?? []).map((a) => a.start)].filter((t): t is string => Boolean(t)).map((t) => Date.parse(t));
    if (named.length > 1) {
      const free = request.slots.filter((s) => named.includes(Date.parse(s.start)));
      if (!this.canPrompt() && free.length) return free[0]!.start;
      if (this.canPrompt()) return askSelect(`You named ${named.length} times; pick one (${zone})`, [...free, ...request.slots.filter((s) => !free.includes(s))].map((s) => ({ name: slotLabel(s, zone), value: s.start })));
    }
    if (asked && !request.widened && Date.parse(first.start) === Date.parse(asked)) return first.start;
    // The server ranks free times best first (smart times), not by time: earlier free times may be left out, so never call them "next".
    const after = asked && request.slots.every((s) => Date.parse(s.start) > Date.parse(asked)) ? 'after that' : 'near it';
    if (asked && !this.canPrompt()) {
      const options = request.slots.slice(0, 3).map((s) => slotLabel(s, zone));
      if (request.past) throw new CliError(`${DateTime.fromISO(asked).setZone(zone).toFormat('ccc dd LLL yyyy HH:mm')} (${zone}) has already passed; the next free times: ${options.join(', ')}`, { exit: EXIT.conflict, code: 'slot_unavailable' });
      throw new CliError(`${names} are not ${everyone} free at ${DateTime.fromISO(asked).setZone(zone).toFormat('ccc dd LLL HH:mm')} (${zone}); best free times ${after}: ${options.join(', ')}`, { exit: EXIT.conflict, code: 'slot_unavailable' });
    }
    if (!this.canPrompt()) return first.start;
    const label = request.past ? `That time has already passed; pick one of the next free times (${zone})` : request.widened ? `Nothing is free then; pick one of the best free times ${after} (${zone})` : `Pick a time (${zone})`;
    return askSelect(label, request.slots.map((s) => ({ name: slotLabel(s, zone), value: s.start })));
  }

  /** The server's question, asked in the terminal; a length is checked as minutes. */
  private async askAnswer(request: MeetingRequest): Promise<string> {
    if (request.intent.missing[0] === 'durationMinutes') {
      return askInput(`${request.question} (minutes)`, { default: '30', validate: (v) => (/^\d{1,4}$/.test(v.trim()) && Number(v) > 0 ? true : 'Enter minutes, e.g. 30') });
    }
    return askInput(request.question ?? 'Could you say more?', { validate: (v) => (v.trim() ? true : 'Type an answer') });
  }

  /** Exit 2 naming what the sentence lacks, in words a script author can act on. */
  private missing(request: MeetingRequest): CliError {
    const field = request.intent.missing[0] ?? 'attendees';
    const what = MISSING_WORDS[field] ?? request.question ?? field;
    return new CliError(`${request.question ?? 'Something is missing.'} Missing ${what} in the request (field: ${field}); add it to the sentence, or use yava book <user>/<event-type> --at …`, { exit: EXIT.usage, code: 'missing_value' });
  }
}
