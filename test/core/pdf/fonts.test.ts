import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { fitText, isFontFile, loadPdfFonts, type PdfFont, type PdfFonts } from '../../../core/pdf/fonts.js';
import { MATH_FONT, NAMES_BY_SCRIPT } from '../../helpers/pdf.js';

const packageFile = (path: string) => createRequire(import.meta.url).resolve(path);

/** A font that has exactly the characters of `chars`. */
const fakeFont = (postscriptName: string, chars: string): PdfFont => ({ postscriptName, hasGlyphForCodePoint: (cp) => [...chars].some((c) => c.codePointAt(0) === cp) });
const LATIN = 'abcdefghijklmnopqrstuvwxyzAŁukasz\uFFFD';
const fonts = (fallback: PdfFont | null): PdfFonts<PdfFont> => ({ regular: fakeFont('Regular', LATIN), bold: fakeFont('Bold', 'abc'), fallback });

describe('core/pdf/fonts fitText', () => {
  it('keeps text in the weight\u2019s DejaVu Sans when it has every letter: Latin, Greek, Cyrillic, Hebrew, Arabic', () => {
    const real = loadPdfFonts({ fallbackFont: null });
    for (const name of [...Object.values(NAMES_BY_SCRIPT), 'דוד כהן', 'محمد علي']) {
      expect(fitText(real, name)).to.deep.equal({ font: 'regular', text: name });
      expect(fitText(real, name, 'bold')).to.deep.equal({ font: 'bold', text: name });
    }
  });

  it('uses the fallback font for text the primary lacks, when the fallback has all of it', () => {
    const cjk = fakeFont('CJK', `${LATIN}山田 `);
    expect(fitText(fonts(cjk), 'Łukasz 山田')).to.deep.equal({ font: 'fallback', text: 'Łukasz 山田' });
    expect(fitText(fonts(cjk), 'Łukasz')).to.deep.equal({ font: 'regular', text: 'Łukasz' });
    // The fallback has one weight: bold text it needs is drawn in it all the same.
    expect(fitText(fonts(cjk), 'abc 山田', 'bold')).to.deep.equal({ font: 'fallback', text: 'abc 山田' });
  });

  it('replaces what no font has with U+FFFD, never with another letter, in the font that lacks fewer', () => {
    expect(fitText(fonts(null), 'Łukasz 山田')).to.deep.equal({ font: 'regular', text: 'Łukasz \uFFFD\uFFFD' });
    expect(fitText(fonts(fakeFont('CJK', '山田')), 'Łukasz 山田 🌸')).to.deep.equal({ font: 'regular', text: 'Łukasz \uFFFD\uFFFD \uFFFD' });
    // A fallback without U+FFFD of its own marks the gap with "?".
    expect(fitText(fonts(fakeFont('CJK', '山田さくら')), 'a 山田さくら')).to.deep.equal({ font: 'fallback', text: '? 山田さくら' });
    expect(fitText(loadPdfFonts({ fallbackFont: null }), 'Łukasz 山田')).to.deep.equal({ font: 'regular', text: 'Łukasz \uFFFD\uFFFD' });
  });

  it('leaves spaces, tabs and line breaks alone, and composes decomposed letters (NFC)', () => {
    expect(fitText(fonts(null), 'a\tb\nc  d')).to.deep.equal({ font: 'regular', text: 'a\tb\nc  d' });
    const decomposed = 'Z\u0307o\u0301\u0142c\u0301';
    expect(fitText(loadPdfFonts({ fallbackFont: null }), decomposed).text).to.equal('Żół\u0107');
  });
});

describe('core/pdf/fonts loading', () => {
  it('tells font files that can be read from other files', () => {
    expect(isFontFile(packageFile('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'))).to.equal(true);
    expect(isFontFile(packageFile('dejavu-fonts-ttf/package.json'))).to.equal(false);
    expect(isFontFile('/nonexistent/font.ttf')).to.equal(false);
    // A font's signature on something else: read in full, so it fails here and not in an invoice.
    const fake = join(mkdtempSync(join(tmpdir(), 'yava-font-')), 'fake.otf');
    writeFileSync(fake, 'OTTO and then no font at all');
    expect(isFontFile(fake)).to.equal(false);
  });

  it('opens a named fallback font, and names a file it cannot read as a font', () => {
    expect(loadPdfFonts({ fallbackFont: MATH_FONT }).fallback?.postscriptName).to.equal('DejaVuMathTeXGyre-Regular');
    const notAFont = packageFile('dejavu-fonts-ttf/README.md');
    expect(() => loadPdfFonts({ fallbackFont: notAFont })).to.throw(`Cannot read the PDF font ${notAFont}`);
  });
});
