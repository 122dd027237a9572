import { Args, Flags } from '@oclif/core';
import { DateTime } from 'luxon';
import { ApiCommand } from '../../baseCommand.js';
import { formatMinutes } from '../../format.js';
import type { TeamScheduleMember, TeamScheduleResponse } from '../../teamAdmin.js';
import { addDays, parseDateFlag, todayIn } from '../../when.js';

export default class TeamSchedule extends ApiCommand<typeof TeamSchedule> {
  static override summary = "A team's schedule: each member's meetings, load and free time.";
  static override examples = ['<%= config.bin %> team schedule sales', '<%= config.bin %> team schedule sales --week', '<%= config.bin %> team schedule sales --from 2026-12-01 --week --json'];
  static override args = { slug: Args.string({ description: 'The team (its slug).', required: true }) };
  static override flags = {
    week: Flags.boolean({ description: 'Seven days from --from instead of one day.' }),
    from: Flags.string({ description: 'First day (YYYY-MM-DD, today, tomorrow). Default: today.' }),
  };

  async run(): Promise<TeamScheduleResponse> {
    const zone = this.zone;
    const from = this.flags.from ? parseDateFlag(this.flags.from, zone, '--from') : todayIn(zone);
    const to = this.flags.week ? addDays(from, 6) : from;
    const res = await this.spin('Loading the team schedule', this.client.get<TeamScheduleResponse>(`/api/teams/${encodeURIComponent(this.args.slug)}/schedule`, { from, to, timezone: zone }));
    this.log(`${this.paint('bold', res.team)} · ${from === to ? from : `${from} to ${to}`} · times in ${zone}`);
    for (const member of res.members) this.log(this.memberBlock(member, zone));
    return res;
  }

  /** "alice (host) · 2 meetings, 1 h busy", then each meeting (another's own: "busy") and the free time, by day. */
  private memberBlock(member: TeamScheduleMember, zone: string): string {
    const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
    const span = (s: string, e: string) => `${local(s).toFormat('ccc dd LLL HH:mm')}–${local(e).toFormat('HH:mm')}`;
    const meetings = `${member.load.meetings} meeting${member.load.meetings === 1 ? '' : 's'}`;
    const lines = [`\n${this.paint('bold', member.username)} (${member.role}) · ${meetings}, ${formatMinutes(member.load.busyMinutes)} busy`];
    const meetingLines = member.bookings.map((b) => ({ start: b.start, line: `  ${span(b.start, b.end)}  ${b.title}${b.status === 'scheduled' ? '' : ` [${b.status}]`}  ${b.id.slice(0, 8)}${b.assignmentReason ? `  (${b.assignmentReason})` : ''}` }));
    const busyLines = (member.busy ?? []).map((b) => ({ start: b.start, line: `  ${span(b.start, b.end)}  busy` }));
    for (const { line } of [...meetingLines, ...busyLines].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))) lines.push(line);
    if (member.free.length) lines.push(`  free: ${member.free.map((f) => span(f.start, f.end)).join(', ')}`);
    else lines.push('  free: none');
    return lines.join('\n');
  }
}
