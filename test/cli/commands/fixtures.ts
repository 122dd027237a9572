import { expect } from 'chai';
import type { Meeting } from '../../../cli/types.js';
import { parseArgv, parseError } from './harness.js';

/** A meeting as the API returns it, for the fake client's answers. */
export const meeting = (overrides: Partial<Meeting> = {}): Meeting => ({
  id: '9b2c5f0e-1111-4222-8333-944445555666',
  status: 'scheduled',
  start: '2026-12-01T09:00:00Z',
  end: '2026-12-01T09:30:00Z',
  title: 'Intro',
  hosts: [{ username: 'demo', name: 'Demo Host', email: 'demo@example.com' }],
  attendees: [{ name: 'Ada', email: 'ada@example.com' }],
  ...overrides,
});

/** The parse-only tests every `<command> <meeting id>` shares: the id positional, a missing id, an unknown flag. */
export function itTakesAMeetingId(Cmd: Parameters<typeof parseArgv>[0]): void {
  it('takes the meeting id as its positional argument', async () => {
    const { args, flags } = await parseArgv(Cmd, ['9b2c5f0e', '--tz', 'UTC']);
    expect((args as { id?: string }).id).to.equal('9b2c5f0e');
    expect((flags as { tz?: string }).tz).to.equal('UTC');
  });
  it('refuses a missing id with exit 2 naming the argument', async () => {
    const { exit, message } = await parseError(Cmd, []);
    expect(exit).to.equal(2);
    expect(message).to.match(/\bid\b/);
  });
  it('refuses an unknown flag with exit 2 naming it', async () => {
    const { exit, message } = await parseError(Cmd, ['9b2c5f0e', '--bogus']);
    expect(exit).to.equal(2);
    expect(message).to.include('--bogus');
  });
}
