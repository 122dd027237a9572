/**
 * The one place iCalendar text is written. Every content line goes through `contentLine`,
 * which escapes each value by its type and folds the line, so no value — a meeting title,
 * a person's name, a calendar name — can end a line and start a property or component of
 * its own (a CRLF in a title must never become `END:VEVENT`).
 *
 * - TEXT values (RFC 5545 §3.3.11): `\` `;` `,` are backslash-escaped, any line break
 *   (CRLF, CR, LF, U+2028/2029, NEL) becomes `\n` — or a space in one-line values (titles,
 *   names) — and other control characters are dropped.
 * - Parameter values (§3.2 with RFC 6868): always quoted; `^` → `^^`, `"` → `^'`, a line
 *   break → a space (they hold names); other control characters are dropped.
 * - URI values (mailto:, URL): control characters, spaces, `"` and non-ASCII are
 *   percent-encoded; a URI cannot break a line either.
 * - Lines longer than 75 octets are folded (§3.1): CRLF plus one space, never inside a
 *   UTF-8 sequence. Lines end with CRLF.
 * Pure: plain values in, text out.
 */

/** An unescaped value of a given iCalendar value type. */
export type IcsValue =
  | { text: string }
  /** TEXT that is one line by nature (titles, names, places): a line break becomes a space, which calendar programs show (calcurse refuses a SUMMARY with `\n`). */
  | { line: string }
  | { uri: string }
  /** Already-valid literal (numbers, UTC date-times, enumerated tokens): checked, never escaped. */
  | { raw: string }
  /** A RECUR value (RRULE, RFC 5545 §3.3.10), e.g. FREQ=WEEKLY;INTERVAL=1;COUNT=6: checked, never escaped. */
  | { recur: string };

const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/g;
// C0 controls except HTAB, and DEL (RFC 5545 §3.1: CONTROL is not allowed in values).
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/g;
const NAME = /^[A-Z][A-Z0-9-]*$/;
const RAW = /^[A-Za-z0-9.+-]*$/;
// Letters, digits and the characters of IANA zone names (TZID=America/Argentina/Buenos_Aires).
const RAW_PARAM = /^[A-Za-z0-9_/+-]+$/;
// A RECUR value (RRULE): upper-case names, numbers, `=`, `;` and `,` only.
const RECUR = /^[A-Z0-9=;,+-]+$/;

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(LINE_BREAK, '\\n')
    .replace(CONTROL, '');
}

/** A quoted parameter value (RFC 5545 §3.2, caret escapes of RFC 6868). */
export function quoteParam(value: string): string {
  // Parameters here are names (CN): one line, so a break becomes a space rather than ^n.
  const body = value.replace(/\^/g, '^^').replace(LINE_BREAK, ' ').replace(/"/g, "^'").replace(CONTROL, '');
  return `"${body}"`;
}

/** A URI value that cannot break out of its line: controls, spaces, `"` and non-ASCII percent-encoded. */
export function safeUri(value: string): string {
  return Array.from(value, (ch) => {
    const code = ch.codePointAt(0)!;
    if (code > 0x20 && code < 0x7f && ch !== '"') return ch;
    return Array.from(new TextEncoder().encode(ch), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }).join('');
}

function renderValue(value: IcsValue): string {
  if ('text' in value) return escapeText(value.text);
  if ('line' in value) return escapeText(value.line.replace(LINE_BREAK, ' '));
  if ('uri' in value) return safeUri(value.uri);
  if ('recur' in value) {
    if (!RECUR.test(value.recur)) throw new RangeError(`not a recurrence rule: ${JSON.stringify(value.recur)}`);
    return value.recur;
  }
  if (!RAW.test(value.raw)) throw new RangeError(`not a literal iCalendar value: ${JSON.stringify(value.raw)}`);
  return value.raw;
}

/**
 * Folds a content line to at most 75 octets per physical line (RFC 5545 §3.1), breaking
 * only between characters, and ends it with CRLF.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    // Continuation lines start with a space, which counts towards their 75 octets.
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return `${out.join('\r\n')}\r\n`;
}

/**
 * One folded content line: `NAME;PARAM="value":escaped-value\r\n`. Parameter values are
 * quoted and escaped; the value is escaped by its type.
 *
 * @example contentLine('SUMMARY', {}, { text: 'Intro; 1:1' }) // 'SUMMARY:Intro\\; 1:1\r\n'
 */
export function contentLine(name: string, params: Record<string, string | { raw: string }>, value: IcsValue): string {
  if (!NAME.test(name)) throw new RangeError(`not an iCalendar property name: ${JSON.stringify(name)}`);
  let head = name;
  for (const [param, paramValue] of Object.entries(params)) {
    if (!NAME.test(param)) throw new RangeError(`not an iCalendar parameter name: ${JSON.stringify(param)}`);
    if (typeof paramValue !== 'string' && !RAW_PARAM.test(paramValue.raw)) throw new RangeError(`not a literal parameter value: ${JSON.stringify(paramValue.raw)}`);
    head += `;${param}=${typeof paramValue === 'string' ? quoteParam(paramValue) : paramValue.raw}`;
  }
  return foldLine(`${head}:${renderValue(value)}`);
}

/** BEGIN/END of a component. */
export function componentLine(edge: 'BEGIN' | 'END', component: 'VCALENDAR' | 'VEVENT' | 'VTIMEZONE' | 'STANDARD' | 'DAYLIGHT'): string {
  return `${edge}:${component}\r\n`;
}

/** A UTC DATE-TIME value, e.g. `20261130T140000Z`. */
export function utcDateTime(date: Date): { raw: string } {
  return { raw: date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '') };
}
