import { expect } from 'chai';
import { bookFormSchema, cancelFormSchema } from '../../../../api/routes/pages/schema.js';
import { parseInput } from '../../../../api/validate.js';

describe('booking page form schemas: textareas', () => {
  const book = { _csrf: 'x', start: '2026-11-25T09:00:00.000Z', timezone: 'UTC', name: 'Ivy', email: 'ivy@example.com' };
  // 1,000 lines: 1,999 characters as the browser's maxlength counts them (one per line break), 2,998 as sent (CRLF).
  const lines = Array.from({ length: 1000 }, () => 'a').join('\r\n');

  it('counts a CRLF line break as one character, as the browser\u2019s maxlength does, and stores it as LF', () => {
    const form = parseInput(bookFormSchema, { ...book, notes: lines }, 'form');
    expect(form.notes).to.equal(Array.from({ length: 1000 }, () => 'a').join('\n'));
    expect(parseInput(bookFormSchema, { ...book, notes: 'one\rtwo\r\nthree' }, 'form').notes).to.equal('one\ntwo\nthree');
    const reason = Array.from({ length: 250 }, () => 'b').join('\r\n');
    expect(parseInput(cancelFormSchema, { _csrf: 'x', token: 't', reason }, 'form').reason).to.equal(reason.replace(/\r\n/g, '\n'));
  });

  it('refuses a text that is too long in plain words', () => {
    expect(() => parseInput(bookFormSchema, { ...book, notes: 'a'.repeat(2001) }, 'form')).to.throw('notes: at most 2000 characters');
    expect(() => parseInput(cancelFormSchema, { _csrf: 'x', token: 't', reason: 'a'.repeat(501) }, 'form')).to.throw('reason: at most 500 characters');
  });

  it('still turns a blank text into null', () => {
    expect(parseInput(bookFormSchema, { ...book, notes: ' \r\n ' }, 'form').notes).to.equal(null);
    expect(parseInput(bookFormSchema, book, 'form').notes).to.equal(null);
    expect(parseInput(cancelFormSchema, { _csrf: 'x', token: 't' }, 'form').reason).to.equal(null);
  });
});

describe('booking page form schemas: the zone sent back', () => {
  const book = { _csrf: 'x', start: '2026-11-25T09:00:00.000Z', name: 'Ivy', email: 'ivy@example.com' };
  it('refuses a zone that is not one (a tampered hidden field) instead of booking in UTC', () => {
    expect(() => parseInput(bookFormSchema, { ...book, timezone: 'Mars/Olympus' }, 'form')).to.throw('timezone: unknown time zone');
    expect(parseInput(bookFormSchema, { ...book, timezone: 'Asia/Kolkata' }, 'form').timezone).to.equal('Asia/Kolkata');
  });
});
