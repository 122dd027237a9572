/**
 * The fonts of Yava's PDFs (the invoice, the meetings report), so both show the same letters:
 * DejaVu Sans (the dejavu-fonts-ttf package), embedded and subset, for Latin, Greek, Cyrillic,
 * Hebrew, Arabic and more; a fallback font for what DejaVu lacks (Chinese, Japanese, Korean):
 * PDF_FALLBACK_FONT, else a system CJK font when one is installed; and a replacement mark (U+FFFD)
 * for what neither has, never another letter (pdfkit's built-in Helvetica, WinAnsi only, garbled them).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** What fitText asks of a font (a fontkit font answers it). */
export interface PdfFont {
  postscriptName: string;
  hasGlyphForCodePoint(codePoint: number): boolean;
}

/**
 * A font file read once per process. Each document parses its own copy of `data`: fontkit
 * rewrites a font's glyphs as it subsets them, so two PDFs sharing one parsed font lose letters.
 */
export interface PdfFontFile extends PdfFont {
  data: Buffer;
  /** Its PostScript name when the file is a collection (.ttc), which pdfkit needs to pick it. */
  family: string | undefined;
}

export interface PdfFonts<F extends PdfFont = PdfFontFile> {
  regular: F;
  bold: F;
  /** For text DejaVu Sans cannot show; one weight, used for bold text too. */
  fallback: F | null;
}

export interface PdfFontOptions {
  /** A font file (.ttf, .otf, .ttc: its first font) for what DejaVu Sans lacks (PDF_FALLBACK_FONT); unset: the first of SYSTEM_FALLBACK_FONTS installed; null: none. */
  fallbackFont?: string | null | undefined;
}

/**
 * The system CJK fonts tried in order when PDF_FALLBACK_FONT is unset: Debian's
 * fonts-wqy-microhei, fonts-wqy-zenhei, fonts-noto-cjk. WenQuanYi first: it also has Polish,
 * Czech or Turkish letters (a name mixing them with CJK keeps them), and its TrueType outlines
 * subset small (an invoice of 26 kB, where Noto Sans CJK's CFF ones make 100 kB).
 */
export const SYSTEM_FALLBACK_FONTS: readonly string[] = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
];

// The first four bytes of a TrueType, OpenType (CFF) or collection file.
const FONT_SIGNATURES = new Set(['00010000', '74727565', '4f54544f', '74746366']);

function hasFontSignature(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && FONT_SIGNATURES.has(head.toString('hex'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

type Fontkit = { create(data: Buffer): PdfFont | { fonts: PdfFont[] } };
let fontkit: Fontkit | undefined;
const opened = new Map<string, PdfFontFile>();

/** Reads a font file, once per process, with the fontkit pdfkit itself uses (the first font of a collection). */
function openFont(path: string): PdfFontFile {
  const known = opened.get(path);
  if (known) return known;
  fontkit ??= createRequire(require.resolve('pdfkit'))('fontkit') as Fontkit;
  let font: ReturnType<Fontkit['create']>;
  let data: Buffer;
  try {
    data = readFileSync(path);
    font = fontkit.create(data);
  } catch (error) {
    throw new Error(`Cannot read the PDF font ${path}: ${(error as Error).message}`);
  }
  const first = 'fonts' in font ? font.fonts[0] : font;
  if (!first) throw new Error(`Cannot read the PDF font ${path}: the collection has no font`);
  const { postscriptName } = first;
  const file = { postscriptName, hasGlyphForCodePoint: (codePoint: number) => first.hasGlyphForCodePoint(codePoint), data, family: 'fonts' in font ? postscriptName : undefined };
  opened.set(path, file);
  return file;
}

/**
 * Whether `path` is a TrueType or OpenType font file (.ttf, .otf, .ttc) that the PDFs can use:
 * checked once at start-up for PDF_FALLBACK_FONT, so a bad font never fails an invoice later.
 */
export function isFontFile(path: string): boolean {
  if (!hasFontSignature(path)) return false;
  try {
    openFont(path);
    return true;
  } catch {
    return false;
  }
}

let systemFallback: string | null | undefined;

/**
 * The fonts, each file read once per process (a PDF embeds only the glyphs it uses). The system
 * fonts are looked for once; one that cannot be read is passed over. Throws when `fallbackFont`
 * cannot be read as a font (the configuration has checked PDF_FALLBACK_FONT with isFontFile).
 *
 * @example loadPdfFonts({ fallbackFont: config.PDF_FALLBACK_FONT })
 */
export function loadPdfFonts(options: PdfFontOptions = {}): PdfFonts {
  let file = options.fallbackFont;
  if (file === undefined) {
    if (systemFallback === undefined) systemFallback = SYSTEM_FALLBACK_FONTS.find(isFontFile) ?? null;
    file = systemFallback;
  }
  return {
    // Resolved from this file, so from dist/ as well: the package stays in node_modules, never bundled.
    regular: openFont(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: openFont(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    fallback: file ? openFont(file) : null,
  };
}

export type PdfWeight = 'regular' | 'bold';
export type PdfFontName = PdfWeight | 'fallback';

export interface FittedText {
  font: PdfFontName;
  text: string;
}

// White space and control characters need no glyph: pdfkit breaks lines on them.
const NEEDS_NO_GLYPH = /[\s\p{Cc}]/u;

function missingIn(font: PdfFont, chars: string[]): number {
  return chars.filter((c) => !NEEDS_NO_GLYPH.test(c) && !font.hasGlyphForCodePoint(c.codePointAt(0)!)).length;
}

/**
 * The font to draw `text` in, and the text to draw: the weight's DejaVu Sans when it has every
 * character, else the fallback when that has them all, else whichever lacks fewer, each character
 * it lacks replaced by U+FFFD (drawn as a mark, read back as U+FFFD). Text is NFC-normalised first,
 * so a decomposed "ó" is one glyph. One font per string: pdfkit cannot right-align a line whose
 * fragments are in different fonts.
 *
 * @example fitText(fonts, 'Łukasz 山田') // { font: 'fallback', text: 'Łukasz 山田' } with a CJK fallback
 */
export function fitText(fonts: PdfFonts<PdfFont>, text: string, weight: PdfWeight = 'regular'): FittedText {
  const chars = [...text.normalize('NFC')];
  const primary = missingIn(fonts[weight], chars);
  const fallback = primary && fonts.fallback ? missingIn(fonts.fallback, chars) : Number.POSITIVE_INFINITY;
  const name: PdfFontName = fallback < primary ? 'fallback' : weight;
  const font = name === 'fallback' ? fonts.fallback! : fonts[weight];
  if (Math.min(primary, fallback) === 0) return { font: name, text: chars.join('') };
  const mark = font.hasGlyphForCodePoint(0xfffd) ? '\uFFFD' : '?';
  return { font: name, text: chars.map((c) => (NEEDS_NO_GLYPH.test(c) || font.hasGlyphForCodePoint(c.codePointAt(0)!) ? c : mark)).join('') };
}
