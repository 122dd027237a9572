import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadPdfFonts } from '../../core/pdf/fonts.js';

const run = promisify(execFile);

/** What a Debian poppler-utils tool prints about a PDF (written to a temporary file, the last argument). */
async function readPdfWith(tool: string, args: (file: string) => string[], pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'yava-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run(tool, args(file), { timeout: 20_000 });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as Debian's pdftotext (poppler-utils) reads it, layout kept. */
export const pdfToText = (pdf: Buffer): Promise<string> => readPdfWith('pdftotext', (file) => ['-layout', '-enc', 'UTF-8', file, '-'], pdf);

/** The fonts a PDF uses as pdffonts lists them, without the subset tag ("ABCDEF+"), sorted. */
export async function pdfFontNames(pdf: Buffer): Promise<string[]> {
  const table = await readPdfWith('pdffonts', (file) => [file], pdf);
  return table.split('\n').slice(2).filter(Boolean).map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')).sort();
}

/** Names in scripts DejaVu Sans covers, as people type them; each must come back from pdftotext exactly. */
export const NAMES_BY_SCRIPT = {
  polish: 'Łukasz Żółć',
  czech: 'Jiří Dvořák',
  turkish: 'Çağrı Şükrü',
  greek: 'Ελένη Παπαδοπούλου',
  cyrillic: 'Дмитрий Шостакович',
};

/** A font with letters DejaVu Sans lacks (Fraktur: "𝔄𝔡𝔞"), to stand for PDF_FALLBACK_FONT on any machine. */
export const MATH_FONT = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuMathTeXGyre.ttf');

/** A Japanese name, shown only with a CJK fallback font (core/pdf/fonts.ts). */
export const JAPANESE_NAME = '山田 さくら';

/**
 * Skips a test that needs a system CJK font when this machine has none; on CI (whose .ci/run
 * installs fonts-wqy-microhei) a missing font fails the test instead of hiding it.
 */
export function requireCjkFont(test: Mocha.Context): void {
  if (loadPdfFonts().fallback?.hasGlyphForCodePoint(JAPANESE_NAME.codePointAt(0)!)) return;
  const why = 'no system CJK font on this machine: apt-get install fonts-wqy-microhei (as .ci/run does)';
  if (process.env.CI === 'true') throw new Error(why);
  console.warn(`      skipped: ${why}`);
  test.skip();
}
