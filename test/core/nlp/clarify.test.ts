import { expect } from 'chai';
import { DateTime } from 'luxon';
import { clarify, continueRequest, dateChoiceQuestion, parseRequest } from '../../../core/nlp/index.js';

const berlin = { now: '2026-11-24T10:00:00+01:00', timezone: 'Europe/Berlin' };

describe('core/nlp clarify', () => {
  describe('the question', () => {
    it('asks which person, in one question', () => {
      const intent = parseRequest('book 30 min with Alice tomorrow at 3pm', berlin);
      const c = clarify(intent, {
        attendeeChoices: [
          {
            said: 'Alice',
            candidates: [
              { name: 'Alice Chen', email: 'alice.chen@example.com' },
              { name: 'Alice Park', email: 'apark@example.com' },
            ],
          },
        ],
      });
      expect(c?.question).to.equal('Which Alice — Alice Chen or Alice Park?');
      expect(c?.options).to.deep.equal(['Alice Chen', 'Alice Park']);
    });

    it('lists three people with commas and one "or"', () => {
      const intent = parseRequest('book 30 min with Sam tomorrow at 3pm', berlin);
      const candidates = [{ name: 'Sam Ito' }, { name: 'Sam Roy' }, { name: 'Sam Vega' }];
      expect(clarify(intent, { attendeeChoices: [{ said: 'Sam', candidates }] })?.question).to.equal(
        'Which Sam — Sam Ito, Sam Roy or Sam Vega?',
      );
    });

    it('asks which of two same weekdays by their day numbers', () => {
      expect(dateChoiceQuestion(['2026-11-10T00:00:00.000+01:00', '2026-11-17T00:00:00.000+01:00']).question).to.equal(
        'Tuesday the 10th or the 17th?',
      );
      expect(dateChoiceQuestion(['2026-11-27T00:00:00.000+01:00', '2026-12-04T00:00:00.000+01:00']).question).to.equal(
        'Friday the 27th of November or the 4th of December?',
      );
    });

    it('names month and day when the weekdays differ (2/3 without a locale)', () => {
      const c = clarify(parseRequest('book 1h on 2/3 at 10', berlin));
      expect(c?.question).to.equal('March 2nd or February 3rd?');
      expect(c?.pending.kind).to.equal('choose_start');
    });

    it('asks for the first missing field, and nothing when nothing is missing', () => {
      expect(clarify(parseRequest('book a call with Bob', berlin))?.question).to.equal(
        'What day and time should I book?',
      );
      expect(clarify(parseRequest("what's on tomorrow", berlin))).to.equal(null);
    });

    it('keeps the pending request plain JSON', () => {
      const c = clarify(
        parseRequest('book 30 min next Tuesday at 10', { now: '2026-11-03T09:00:00+01:00', timezone: 'Europe/Berlin' }),
      );
      expect(JSON.parse(JSON.stringify(c?.pending))).to.deep.equal(c?.pending);
    });
  });

  describe('continuing the same request with the answer', () => {
    const nextTuesday = () =>
      parseRequest('book 30 min with Bob next Tuesday at 10', {
        now: '2026-11-03T09:00:00+01:00',
        timezone: 'Europe/Berlin',
      });

    it('takes "the 17th" as the later Tuesday and keeps time, length and people', () => {
      const c = clarify(nextTuesday())!;
      expect(c.question).to.equal('Tuesday the 10th or the 17th?');
      const i = continueRequest(c.pending, 'the 17th', berlin)!;
      expect(i.start).to.equal('2026-11-17T10:00:00.000+01:00');
      expect(i.end).to.equal('2026-11-17T10:30:00.000+01:00');
      expect(i.attendees).to.deep.equal([{ name: 'Bob' }]);
      expect(i.missing).to.deep.equal([]);
      expect(i.ambiguities.filter((a) => a.blocking)).to.deep.equal([]);
    });

    it('keeps a day or part of one said two ways as that window once chosen, not its first instant', () => {
      const opts = { now: '2026-11-03T09:00:00+01:00', timezone: 'Europe/Berlin' };
      const day = continueRequest(clarify(parseRequest('book 30 min with Bob next Tuesday', opts))!.pending, 'the 17th', berlin)!;
      expect(day).to.deep.include({ start: null, end: null, window: { start: '2026-11-17T00:00:00.000+01:00', end: '2026-11-18T00:00:00.000+01:00' }, missing: [] });
      const afternoon = continueRequest(clarify(parseRequest('book 30 min with Bob next Tuesday afternoon', opts))!.pending, 'the first one', berlin)!;
      expect(afternoon).to.deep.include({ start: null, window: { start: '2026-11-10T12:00:00.000+01:00', end: '2026-11-10T17:00:00.000+01:00' } });
      const dates = continueRequest(clarify(parseRequest('book 30 min with Bob on 3/12 between 2 and 4', opts))!.pending, 'December', berlin)!;
      expect(dates).to.deep.include({ start: null, window: { start: '2026-12-03T14:00:00.000+01:00', end: '2026-12-03T16:00:00.000+01:00' } });
    });

    it('takes positions and words for the choice', () => {
      const c = clarify(nextTuesday())!;
      expect(continueRequest(c.pending, 'the first one', berlin)?.start).to.equal('2026-11-10T10:00:00.000+01:00');
      expect(continueRequest(c.pending, 'the later one please', berlin)?.start).to.equal(
        '2026-11-17T10:00:00.000+01:00',
      );
      expect(continueRequest(c.pending, 'on the seventeenth', berlin)?.start).to.equal('2026-11-17T10:00:00.000+01:00');
      expect(continueRequest(c.pending, 'two', berlin)?.start).to.equal('2026-11-17T10:00:00.000+01:00');
    });

    it('picks the time whose words the answer says most closely ("9 am" is 9 AM, not 9:30 AM)', () => {
      // Times offered on Friday, said by the clock alone: a bare "9 am" read anew would be tomorrow's.
      const intent = parseRequest('book 30 min with Bob on friday', berlin);
      const starts = ['2026-11-27T09:00:00.000+01:00', '2026-11-27T09:30:00.000+01:00', '2026-11-27T16:30:00.000+01:00'];
      const pending = { intent, kind: 'choose_start' as const, field: 'start', choices: ['9 AM', '9:30 AM', '4:30 PM'].map((label, i) => ({ label, start: starts[i]! })) };
      const picked = (answer: string) => continueRequest(pending, answer, berlin)?.start;
      expect(picked('9 am')).to.equal(starts[0]);
      expect(picked('nine thirty')).to.equal(starts[1]);
      expect(picked('half past four')).to.equal(starts[2]);
      expect(picked('the second one')).to.equal(starts[1]);
    });

    it('picks the person by surname, email or position', () => {
      const intent = parseRequest('book 30 min with Alice tomorrow at 3pm', berlin);
      const choices = [
        {
          said: 'Alice',
          candidates: [
            { name: 'Alice Chen', email: 'alice.chen@example.com' },
            { name: 'Alice Park', email: 'apark@example.com' },
          ],
        },
      ];
      const { pending } = clarify(intent, { attendeeChoices: choices })!;
      expect(continueRequest(pending, 'Park', berlin)?.attendees).to.deep.equal([
        { name: 'Alice Park', email: 'apark@example.com' },
      ]);
      expect(continueRequest(pending, 'alice.chen@example.com', berlin)?.attendees[0]?.name).to.equal('Alice Chen');
      expect(continueRequest(pending, 'the second', berlin)?.attendees[0]?.name).to.equal('Alice Park');
      expect(continueRequest(pending, 'Alice', berlin)).to.equal(null);
      expect(continueRequest(pending, 'Park', berlin)?.start).to.equal(intent.start);
    });

    it('fills a missing time from a spoken answer and keeps the rest', () => {
      const { pending } = clarify(parseRequest('book 45 min with Dana', berlin))!;
      const i = continueRequest(pending, 'tomorrow at three thirty p m', berlin)!;
      expect(i.start).to.equal('2026-11-25T15:30:00.000+01:00');
      expect(i.end).to.equal('2026-11-25T16:15:00.000+01:00');
      expect(i.attendees).to.deep.equal([{ name: 'Dana' }]);
      expect(i.missing).to.deep.equal([]);
    });

    it('fills a missing length from "45" or "an hour" and sets the end', () => {
      const { pending } = clarify(parseRequest('book a call with Bob tomorrow at 3pm', berlin))!;
      expect(pending.field).to.equal('durationMinutes');
      const i = continueRequest(pending, '45', berlin)!;
      expect(i.durationMinutes).to.equal(45);
      expect(DateTime.fromISO(i.end!).diff(DateTime.fromISO(i.start!), 'minutes').minutes).to.equal(45);
      expect(continueRequest(pending, 'an hour', berlin)?.durationMinutes).to.equal(60);
    });

    it('returns null when the answer does not answer the question', () => {
      const { pending } = clarify(parseRequest('book 45 min with Dana', berlin))!;
      expect(continueRequest(pending, 'hmm not sure', berlin)).to.equal(null);
    });

    it('asks again with the next question when the answer is itself ambiguous', () => {
      const { pending } = clarify(
        parseRequest('book 45 min with Dana', { now: '2026-11-03T09:00:00+01:00', timezone: 'Europe/Berlin' }),
      )!;
      const i = continueRequest(pending, 'next tuesday at 10', berlin)!;
      expect(i.start).to.equal(null);
      expect(clarify(i)?.question).to.match(/^Tuesday the \d+(st|nd|rd|th) or the \d+(st|nd|rd|th)\?$/);
    });
  });
});
