import { expect } from 'chai';
import fc from 'fast-check';
import { contentLine, escapeText, foldLine, quoteParam, safeUri } from '../../../core/ics/writer.js';

describe('core/ics/writer', () => {
  it('escapes TEXT per RFC 5545 §3.3.11: backslash, semicolon, comma and every kind of line break', () => {
    expect(escapeText('a\\b;c,d')).to.equal('a\\\\b\\;c\\,d');
    expect(escapeText('one\r\ntwo\rthree\nfour\u2028five')).to.equal('one\\ntwo\\nthree\\nfour\\nfive');
    expect(escapeText('tab\tkept, bell\u0007 and nul\u0000 dropped\u007f')).to.equal('tab\tkept\\, bell and nul dropped');
    expect(escapeText('Zoë 日本 😀')).to.equal('Zoë 日本 😀');
  });

  it('quotes parameter values with RFC 6868 carets; a break in a name becomes a space', () => {
    expect(quoteParam('Ada "the" ^Countess^')).to.equal(`"Ada ^'the^' ^^Countess^^"`);
    expect(quoteParam('Ada\r\nEND:VEVENT;x=y:z')).to.equal('"Ada END:VEVENT;x=y:z"');
  });

  it('percent-encodes what would break a URI value out of its line', () => {
    expect(safeUri('mailto:a@x\r\nATTENDEE:mailto:evil@x')).to.equal('mailto:a@x%0D%0AATTENDEE:mailto:evil@x');
    expect(safeUri('https://x.test/é?a="b c"')).to.equal('https://x.test/%C3%A9?a=%22b%20c%22');
  });

  it('folds at 75 octets without splitting a UTF-8 character, and ends lines with CRLF', () => {
    const folded = foldLine(`SUMMARY:${'é'.repeat(100)}`);
    const lines = folded.split('\r\n');
    expect(lines.pop()).to.equal('');
    for (const line of lines) expect(Buffer.byteLength(line)).to.be.at.most(75);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).to.equal(true);
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join('')).to.equal(`SUMMARY:${'é'.repeat(100)}`);
    expect(Buffer.from(folded).toString('utf8')).not.to.include('\ufffd');
  });

  it('writes lines that never exceed 75 octets and unfold to the escaped value (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (value) => {
        const line = contentLine('DESCRIPTION', {}, { text: value });
        expect(line.endsWith('\r\n')).to.equal(true);
        const physical = line.slice(0, -2).split('\r\n');
        for (const p of physical) {
          expect(Buffer.byteLength(p)).to.be.at.most(75);
          expect(p).not.to.match(/[\r\n]/);
        }
        expect(physical.map((p, i) => (i ? p.slice(1) : p)).join('')).to.equal(`DESCRIPTION:${escapeText(value)}`);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses property names and literal values that are not iCalendar tokens', () => {
    expect(() => contentLine('X-EVIL\r\nBEGIN', {}, { text: 'x' })).to.throw(RangeError);
    expect(() => contentLine('STATUS', {}, { raw: 'CONFIRMED\r\nX:1' })).to.throw(RangeError);
    expect(() => contentLine('ATTENDEE', { ROLE: { raw: 'A:B' } }, { uri: 'mailto:a@x' })).to.throw(RangeError);
  });
});
