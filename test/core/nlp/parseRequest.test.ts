import { expect } from 'chai';
import { InvalidParseOptionsError, clarifyingQuestion, intentSchema, parseRequest } from '../../../core/nlp/index.js';

// Wednesday 25 November 2026, 10:00 in Berlin.
const berlin = { now: '2026-11-25T10:00:00+01:00', timezone: 'Europe/Berlin' };

describe('parseRequest', () => {
  it('reads a full booking request into a valid intent', () => {
    const intent = parseRequest('book 30 min with @alice and bob@example.com tomorrow at 3pm about the Q3 budget', berlin);
    expect(intentSchema.parse(intent)).to.deep.equal(intent);
    expect(intent).to.deep.include({
      action: 'book',
      start: '2026-11-26T15:00:00.000+01:00',
      end: '2026-11-26T15:30:00.000+01:00',
      window: null,
      durationMinutes: 30,
      title: 'Q3 budget',
      recurrence: null,
      timezone: 'Europe/Berlin',
      missing: [],
      confidence: 1,
    });
    expect(intent.attendees).to.deep.equal([{ handle: 'alice' }, { email: 'bob@example.com' }]);
    expect(intent.spans.map((s) => s.field)).to.include.members(['action', 'durationMinutes', 'attendees', 'start', 'title']);
    for (const span of intent.spans) expect('book 30 min with @alice and bob@example.com tomorrow at 3pm about the Q3 budget'.slice(span.index, span.index + span.text.length)).to.equal(span.text);
  });

  it('reads the design example: length, handle, part of day, repetition', () => {
    const intent = parseRequest('30 min with @alice next Tue afternoon, weekly', berlin);
    expect(intent.action).to.equal('book');
    expect(intent.window).to.deep.equal({ start: '2026-12-01T12:00:00.000+01:00', end: '2026-12-01T17:00:00.000+01:00' });
    expect(intent.recurrence).to.equal('FREQ=WEEKLY');
    expect(intent.durationMinutes).to.equal(30);
  });

  it('sets end from an explicit range', () => {
    const intent = parseRequest('book Friday 3-4pm "Design review"', berlin);
    expect(intent.start).to.equal('2026-11-27T15:00:00.000+01:00');
    expect(intent.end).to.equal('2026-11-27T16:00:00.000+01:00');
    expect(intent.durationMinutes).to.equal(60);
    expect(intent.title).to.equal('Design review');
  });

  it('gives windows for days, parts of days and ranges', () => {
    expect(parseRequest("what's on next week", berlin).window).to.deep.equal({
      start: '2026-11-30T00:00:00.000+01:00',
      end: '2026-12-07T00:00:00.000+01:00',
    });
    expect(parseRequest('when am I free Tuesday afternoon', berlin).window).to.deep.equal({
      start: '2026-12-01T12:00:00.000+01:00',
      end: '2026-12-01T17:00:00.000+01:00',
    });
    expect(parseRequest('free slots between 2 and 4 on Friday', berlin).window).to.deep.equal({
      start: '2026-11-27T14:00:00.000+01:00',
      end: '2026-11-27T16:00:00.000+01:00',
    });
    expect(parseRequest('anything this weekend?', berlin).window).to.deep.equal({
      start: '2026-11-28T00:00:00.000+01:00',
      end: '2026-11-30T00:00:00.000+01:00',
    });
    expect(parseRequest('show tomorrow', berlin).window).to.deep.equal({
      start: '2026-11-26T00:00:00.000+01:00',
      end: '2026-11-27T00:00:00.000+01:00',
    });
  });

  it('never puts a date in the past: "Friday" on a Wednesday is this Friday, a passed time is tomorrow', () => {
    expect(parseRequest('book Friday at 10', berlin).start).to.equal('2026-11-27T10:00:00.000+01:00');
    expect(parseRequest('book at 9am', berlin).start).to.equal('2026-11-26T09:00:00.000+01:00');
    expect(parseRequest('book at 11am', berlin).start).to.equal('2026-11-25T11:00:00.000+01:00');
    expect(parseRequest('book on the 13th at 4', berlin).start).to.equal('2026-12-13T16:00:00.000+01:00');
  });

  it('reads dates chrono misses', () => {
    const fri = { now: '2019-03-01T09:00:00Z', timezone: 'UTC' };
    const day = (text: string): string | undefined => {
      const i = parseRequest(text, fri);
      return (i.start ?? i.window?.start ?? i.ambiguities[0]?.candidates[0])?.slice(0, 10);
    };
    expect(day('the 13th')).to.equal('2019-03-13');
    expect(day('9th of this month')).to.equal('2019-03-09');
    expect(day('on the 5th')).to.equal('2019-03-05');
    expect(day('March 5th')).to.equal('2019-03-05');
    expect(day('day after tomorrow')).to.equal('2019-03-03');
    expect(day('monday next week')).to.equal('2019-03-04');
    expect(day('saturday this week')).to.equal('2019-03-02');
    expect(day('next wednesday')).to.equal('2019-03-06');
    expect(day('next friday')).to.equal('2019-03-08');
  });

  describe('zones', () => {
    it('resolves "3pm PT" in Los Angeles for a Berlin user', () => {
      const intent = parseRequest('book 3pm PT tomorrow', berlin);
      expect(intent.start).to.equal('2026-11-26T15:00:00.000-08:00');
      expect(intent.timezone).to.equal('America/Los_Angeles');
      expect(intent.spans).to.deep.include({ field: 'timezone', text: 'PT', index: 9 });
    });

    it('uses the summer offset in summer', () => {
      const intent = parseRequest('book 3pm PT on the 10th', { now: '2026-06-01T10:00:00+02:00', timezone: 'Europe/Berlin' });
      expect(intent.start).to.equal('2026-06-10T15:00:00.000-07:00');
    });

    it('reads city and IANA zone names', () => {
      expect(parseRequest('call at 9 London time tomorrow', berlin).start).to.equal('2026-11-26T09:00:00.000+00:00');
      expect(parseRequest('call 10am Europe/Paris tomorrow', berlin).start).to.equal('2026-11-26T10:00:00.000+01:00');
      expect(parseRequest('call tomorrow 9am in New York time', berlin).start).to.equal('2026-11-26T09:00:00.000-05:00');
    });

    it('reads a zone said right after a time without "time" and in any case ("9am pacific", "3 pm est", "3pm in London")', () => {
      const at = (text: string) => parseRequest(text, berlin).start;
      expect(at('call tomorrow at 9am pacific')).to.equal('2026-11-26T09:00:00.000-08:00');
      expect(at('call tomorrow at 9 am Eastern with @bob')).to.equal('2026-11-26T09:00:00.000-05:00');
      expect(at('call tomorrow at 3 pm est')).to.equal('2026-11-26T15:00:00.000-05:00');
      expect(at('call tomorrow at 15:00 jst')).to.equal('2026-11-26T15:00:00.000+09:00');
      expect(at('call tomorrow at 3pm in London')).to.equal('2026-11-26T15:00:00.000+00:00');
      expect(at('call tomorrow at 3pm UK time')).to.equal('2026-11-26T15:00:00.000+00:00');
      expect(at('call tomorrow at noon tokyo')).to.equal('2026-11-26T12:00:00.000+09:00');
      // Not after a time: words, not zones.
      expect(parseRequest('call the pacific team tomorrow at 3pm', berlin).timezone).to.equal('Europe/Berlin');
      expect(parseRequest('book 30 min with @alice et al tomorrow at 3pm', berlin).timezone).to.equal('Europe/Berlin');
    });

    it('takes "tomorrow" in the user zone when "now" is near midnight there', () => {
      // 23:30 in Tokyo is still 14:30 UTC on the 24th; tomorrow in Tokyo is the 25th.
      const intent = parseRequest('book tomorrow at 10', { now: '2026-11-24T14:30:00Z', timezone: 'Asia/Tokyo' });
      expect(intent.start).to.equal('2026-11-25T10:00:00.000+09:00');
      // Just after midnight in Tokyo (UTC still the previous day), "today" is the new Tokyo day.
      const early = parseRequest("what's on today", { now: '2026-11-24T15:30:00Z', timezone: 'Asia/Tokyo' });
      expect(early.window?.start).to.equal('2026-11-25T00:00:00.000+09:00');
    });
  });

  describe('DST', () => {
    it('never produces a nonexistent time on the spring-forward night (Berlin, 2026-03-29)', () => {
      const intent = parseRequest('book tomorrow 2:30am', { now: '2026-03-28T20:00:00+01:00', timezone: 'Europe/Berlin' });
      expect(intent.start).to.equal('2026-03-29T03:30:00.000+02:00');
      expect(intent.ambiguities[0]).to.include({ kind: 'dst_gap', blocking: false });
    });

    it('takes the first of a repeated time on the fall-back night (New York, 2026-11-01)', () => {
      const intent = parseRequest('book tomorrow at 1:30am', { now: '2026-10-31T12:00:00-04:00', timezone: 'America/New_York' });
      expect(intent.start).to.equal('2026-11-01T01:30:00.000-04:00');
      expect(intent.ambiguities[0]?.kind).to.equal('dst_overlap');
      expect(intent.ambiguities[0]?.candidates).to.deep.equal(['2026-11-01T01:30:00.000-04:00', '2026-11-01T01:30:00.000-05:00']);
    });

    it('handles the Berlin fall-back night (2026-10-25) and a day window across it', () => {
      const opts = { now: '2026-10-24T12:00:00+02:00', timezone: 'Europe/Berlin' };
      expect(parseRequest('book tomorrow at 2:30am', opts).start).to.equal('2026-10-25T02:30:00.000+02:00');
      expect(parseRequest("what's on tomorrow", opts).window).to.deep.equal({
        start: '2026-10-25T00:00:00.000+02:00',
        end: '2026-10-26T00:00:00.000+01:00',
      });
    });

    it("handles Lord Howe's 30-minute shift", () => {
      const intent = parseRequest('book tomorrow 2:15am', { now: '2026-10-03T12:00:00+10:30', timezone: 'Australia/Lord_Howe' });
      expect(intent.start).to.equal('2026-10-04T02:45:00.000+11:00');
    });
  });

  describe('clarifying instead of guessing', () => {
    it('asks for a time when a booking has none', () => {
      const intent = parseRequest('book a call with Bob', berlin);
      expect(intent.missing).to.deep.equal(['start', 'durationMinutes']);
      expect(intent.confidence).to.equal(0.6);
      expect(clarifyingQuestion(intent)).to.equal('What day and time should I book?');
    });

    it('asks for the length when only that is missing', () => {
      const intent = parseRequest('book a call with Bob tomorrow at 3pm', berlin);
      expect(intent.missing).to.deep.equal(['durationMinutes']);
      expect(clarifyingQuestion(intent)).to.equal('How long should the meeting be?');
    });

    it('asks which Friday when "next Friday" is said on a Friday', () => {
      const intent = parseRequest('book 30 min next Friday', { now: '2026-11-20T10:00:00+01:00', timezone: 'Europe/Berlin' });
      expect(intent.start).to.equal(null);
      expect(intent.missing).to.deep.equal(['start']);
      expect(intent.ambiguities[0]).to.include({ kind: 'relative_weekday', blocking: true });
      expect(intent.ambiguities[0]?.candidates).to.deep.equal(['2026-11-27T00:00:00.000+01:00', '2026-12-04T00:00:00.000+01:00']);
      expect(clarifyingQuestion(intent)).to.equal('Friday the 27th of November or the 4th of December?');
      expect(intent.confidence).to.be.lessThan(0.7);
    });

    it('asks about 2/3 without a locale, reads it with one', () => {
      const intent = parseRequest('book 1h on 2/3 at 10', berlin);
      expect(intent.start).to.equal(null);
      expect(intent.missing).to.deep.equal(['start']);
      expect(intent.ambiguities[0]?.kind).to.equal('numeric_date');
      expect(parseRequest('book 1h on 2/3 at 10', { ...berlin, locale: 'en-US' }).start).to.equal('2027-02-03T10:00:00.000+01:00');
      expect(parseRequest('book 1h on 2/3 at 10', { ...berlin, locale: 'en-GB' }).start).to.equal('2027-03-02T10:00:00.000+01:00');
      expect(parseRequest('book 1h on 25/12 at 10', berlin).start).to.equal('2026-12-25T10:00:00.000+01:00');
    });

    it('reports an unknown action with low confidence and nothing recognised as 0', () => {
      expect(parseRequest('hello there', berlin)).to.deep.include({ action: 'unknown', missing: ['action'], confidence: 0 });
      expect(clarifyingQuestion(parseRequest('hello there', berlin))).to.match(/book, move, cancel/);
    });

    it('returns null when nothing is missing', () => {
      expect(clarifyingQuestion(parseRequest("what's on tomorrow", berlin))).to.equal(null);
    });
  });

  it('rejects unknown zones and bad clocks with a typed error', () => {
    expect(() => parseRequest('x', { now: berlin.now, timezone: 'Mars/Olympus' })).to.throw(InvalidParseOptionsError);
    expect(() => parseRequest('x', { now: 'yesterday-ish', timezone: 'UTC' })).to.throw(InvalidParseOptionsError);
  });

  it('does not depend on the process time zone', () => {
    const texts = ['book tomorrow 2:30am', 'book 3pm PT on the 10th', "what's on next week", 'next friday at 4', 'at 1:30am'];
    const opts = { now: '2026-03-28T20:00:00+01:00', timezone: 'Europe/Berlin' };
    const original = process.env.TZ;
    const results: string[] = [];
    try {
      for (const tz of ['UTC', 'America/Sao_Paulo', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        results.push(JSON.stringify(texts.map((t) => parseRequest(t, opts))));
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
    expect(new Set(results).size).to.equal(1);
  });
});

describe('parseRequest on arbitrary text', () => {
  it('reads a stray number after a date as no year, never as a year far away', () => {
    const intent = parseRequest('March 30 3 between', berlin);
    expect(intent.window?.start.slice(0, 10)).to.equal(`${Number(berlin.now.slice(0, 4)) + 1}-03-30`);
  });

  it('never throws and always returns a schema-valid intent', async () => {
    const fc = await import('fast-check');
    const words = fc.constantFrom('book', 'next', 'friday', 'at', '3', 'pm', 'PT', 'with', '@a', 'the', '13th', 'every', 'for', '30', 'min', '2/3', 'noon', '-', 'between', 'and', 'about', '"x"', 'tonight', 'until', 'March');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(words, { maxLength: 12 }).map((w) => w.join(' '))), (text) => {
        intentSchema.parse(parseRequest(text, berlin));
      }),
      { numRuns: 300 },
    );
  });
});
