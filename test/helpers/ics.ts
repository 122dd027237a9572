import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import ICAL from 'ical.js';

/** iCalendar checks shared by the ICS unit and API tests: ical.js read-back, calcurse and khal imports. */
const run = promisify(execFile);
// ical.js reads unknown X- properties raw; X-WR-CALNAME and NAME (RFC 7986) are TEXT.
const textProperties = ICAL.design.defaultSet.property as Record<string, { defaultType: string }>;
textProperties['x-wr-calname'] = { defaultType: 'text' };
textProperties.name = { defaultType: 'text' };

/** Every character an attacker or a careless client might put in a text value. */
export const HOSTILE = 'Ünïcödé 日本 😀 a;b,c\\d\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injected\r\nSUMMARY:injected\rX-CR:1\nX-LF:1 "q" ^';
/** What a one-line value reads back as: line breaks are spaces. */
export const asLine = (s: string) => s.replace(/\r\n|[\r\n]/g, ' ');
/** What a multi-line value reads back as: line breaks are \n. */
export const asText = (s: string) => s.replace(/\r\n|\r/g, '\n');


/** Asserts the document is one calendar with exactly one event whose values read back intact (ical.js). */
export function expectOneIntactEvent(text: string, expected: { calendarName: string; title: string; description?: string; location?: string; names: string[] }): void {
  const physical = text.split('\r\n');
  expect(physical.pop(), 'the document ends with CRLF').to.equal('');
  for (const line of physical) {
    expect(Buffer.byteLength(line), line).to.be.at.most(75);
    expect(line, 'a bare CR or LF').not.to.match(/[\r\n]/);
  }
  const unfolded = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  expect(unfolded.filter((l) => l === 'BEGIN:VEVENT')).to.have.length(1);
  expect(unfolded.filter((l) => l === 'END:VEVENT')).to.have.length(1);
  expect(unfolded.filter((l) => /^(UID:injected|SUMMARY:injected|X-CR|X-LF|ATTENDEE:mailto:evil)/.test(l))).to.deep.equal([]);
  const cal = new ICAL.Component(ICAL.parse(text));
  expect(cal.getFirstPropertyValue('x-wr-calname')).to.equal(asLine(expected.calendarName));
  expect(cal.getFirstPropertyValue('name')).to.equal(asLine(expected.calendarName));
  const events = cal.getAllSubcomponents('vevent');
  expect(events).to.have.length(1);
  const event = events[0]!;
  expect(event.getFirstPropertyValue('summary')).to.equal(asLine(expected.title));
  if (expected.description !== undefined) expect(event.getFirstPropertyValue('description')).to.equal(asText(expected.description));
  if (expected.location !== undefined) expect(event.getFirstPropertyValue('location')).to.equal(asLine(expected.location));
  const names = [event.getFirstProperty('organizer')!, ...event.getAllProperties('attendee')].map((p) => p.getParameter('cn'));
  expect(names).to.deep.equal(expected.names.map(asLine));
  expect(cal.getAllSubcomponents().map((c) => c.name)).to.deep.equal(['vevent']);
}

export async function installed(tool: string): Promise<boolean> {
  try {
    await run(tool, ['--version']);
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`${tool} is not installed (apt-get install -y ${tool})`);
    return false;
  }
}

/** Imports with calcurse; returns its appointments file. */
export async function importWithCalcurse(ics: string): Promise<{ report: string; apts: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'yava-calcurse-'));
  try {
    await writeFile(join(dir, 'in.ics'), ics);
    const { stdout } = await run('calcurse', ['-D', dir, '-i', join(dir, 'in.ics')], { env: { ...process.env, TZ: 'UTC' }, timeout: 10_000 });
    return { report: stdout, apts: await readFile(join(dir, 'apts'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Imports with khal into a fresh vdir; returns the events it stored (one file per event). */
export async function importWithKhal(ics: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'yava-khal-'));
  try {
    const config = ['[calendars]', '[[cal]]', `path = ${join(dir, 'cal')}`, 'type = calendar', '[locale]', 'timeformat = %H:%M', 'dateformat = %Y-%m-%d', 'longdateformat = %Y-%m-%d', 'datetimeformat = %Y-%m-%d %H:%M', 'longdatetimeformat = %Y-%m-%d %H:%M', 'default_timezone = UTC', 'local_timezone = UTC'].join('\n');
    await writeFile(join(dir, 'config'), config);
    await writeFile(join(dir, 'in.ics'), ics);
    await mkdir(join(dir, 'cal'));
    await run('khal', ['-c', join(dir, 'config'), 'import', '--batch', '-a', 'cal', join(dir, 'in.ics')], { env: { ...process.env, TZ: 'UTC', HOME: dir }, timeout: 20_000 });
    const files = (await readdir(join(dir, 'cal'))).filter((f) => f.endsWith('.ics'));
    return Promise.all(files.map((f) => readFile(join(dir, 'cal', f), 'utf8')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

