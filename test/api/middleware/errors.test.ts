import { expect } from 'chai';
import { KnexTimeoutError } from 'knex';
import { httpStatusOf, problemBody, STATUS_BY_CODE, toDomainError } from '../../../api/middleware/errors.js';
import { DomainError, ERROR_CODES } from '../../../core/errors.js';

describe('api/middleware/errors', () => {
  it('maps every domain code to an HTTP error status', () => {
    for (const code of ERROR_CODES) {
      expect(STATUS_BY_CODE[code], code).to.be.within(400, 599);
    }
    expect(httpStatusOf(new DomainError('slot_unavailable', 'x'))).to.equal(409);
    expect(httpStatusOf(new DomainError('booking_not_found', 'x'))).to.equal(404);
    expect(httpStatusOf(new DomainError('validation_failed', 'x'))).to.equal(400);
  });

  it('keeps statuses out of core: a DomainError has no status of its own', () => {
    expect('status' in new DomainError('forbidden', 'x')).to.equal(false);
  });

  it('turns database errors into domain errors and anything else into internal', () => {
    expect(toDomainError({ code: '23P01' }).code).to.equal('slot_unavailable');
    expect(toDomainError({ code: '23P01' }).details).to.deep.equal({ reason: 'taken', alternatives: [] });
    expect(toDomainError({ code: '23505' }).code).to.equal('conflict');
    expect(toDomainError({ code: '22007' }).code).to.equal('validation_failed');
    expect(toDomainError(new Error('boom')).code).to.equal('internal');
    // A thrown 405 (http-errors) is a wrong method, not a bad value.
    expect(httpStatusOf(toDomainError({ status: 405, expose: true }))).to.equal(405);
  });

  it('puts the reason and the nearest free times of slot_unavailable on the problem itself', () => {
    const alternatives = [{ start: '2026-11-25T10:00:00.000Z', end: '2026-11-25T10:30:00.000Z' }];
    const body = problemBody(new DomainError('slot_unavailable', 'That time is not one of the offered starts (every 30 minutes).', { details: { reason: 'off_grid', alternatives } }), '/api/meetings/schedule', 'r');
    expect(body).to.include({ status: 409, code: 'slot_unavailable', reason: 'off_grid', detail: 'That time is not one of the offered starts (every 30 minutes).' });
    expect(body.alternatives).to.deep.equal(alternatives);
  });

  it('answers 503 server_busy when the database pool or server is saturated', () => {
    const timeout = toDomainError(new KnexTimeoutError('Knex: Timeout acquiring a connection. The pool is probably full.'));
    expect(timeout.code).to.equal('server_busy');
    expect(httpStatusOf(timeout)).to.equal(503);
    expect(timeout.retryAfterSeconds).to.equal(1);
    expect(toDomainError({ code: '53300' }).code).to.equal('server_busy');
  });

  it('renders problem+json with status, code, field errors and details', () => {
    const body = problemBody(new DomainError('validation_failed', 'start: bad', { errors: [{ field: 'start', message: 'bad' }], details: { hint: 1 } }), '/api/x', 'req-1');
    expect(body).to.deep.equal({
      type: 'https://yava.dev/problems/validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'start: bad',
      code: 'validation_failed',
      instance: '/api/x',
      requestId: 'req-1',
      errors: [{ field: 'start', message: 'bad' }],
      details: { hint: 1 },
    });
  });
});
