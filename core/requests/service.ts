import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { BookingService, SchedulingService } from '../booking/index.js';
import { createBookRequest } from './bookRequest.js';
import { createMeetingQuestions } from './meetingQuestions.js';
import { createPeopleDirectory } from './people.js';
import { createProposeMeeting, type RequestReader } from './proposeMeeting.js';
import { createRequestStore } from './store.js';

export interface RequestServiceDeps {
  db: Knex;
  clock: Clock;
  nlp: RequestReader;
  scheduling: Pick<SchedulingService, 'listCommonSlots'>;
  booking: Pick<BookingService, 'scheduleAdHocBooking' | 'getBooking'>;
}

/**
 * Natural-language meeting requests, one workflow for every front door: `propose` reads a
 * request into a question or free slots, `answer` continues it, `proposeOrAnswer` is what a
 * conversation says next, `book` turns it into a meeting. See {@link createProposeMeeting}.
 * `askAboutMeeting`, `openQuestion` and `close` keep a door's questions about one of the asker's
 * meetings (see {@link createMeetingQuestions}).
 */
export function createRequestService({ db, clock, nlp, scheduling, booking }: RequestServiceDeps) {
  const store = createRequestStore(db, clock);
  const people = createPeopleDirectory(db);
  const proposing = createProposeMeeting({ clock, nlp, scheduling, people, store });
  const meetingQuestions = createMeetingQuestions({ store, own: proposing.own });
  return {
    propose: proposing.propose,
    answer: proposing.answer,
    askWhichTime: proposing.askWhichTime,
    askAboutMeeting: meetingQuestions.ask,
    openQuestion: meetingQuestions.open,
    close: meetingQuestions.close,
    proposeOrAnswer: proposing.proposeOrAnswer,
    /** A request of this user's (not_found for anyone else's). */
    get: proposing.own,
    book: createBookRequest({ clock, scheduling, booking, store, people, own: proposing.own }),
  };
}

export type RequestService = ReturnType<typeof createRequestService>;
