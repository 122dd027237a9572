import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { findCalendar, type CalendarConnection, type CalendarEntry } from '../../calendars.js';
import { CliError, usageError } from '../../errors.js';
import { EXIT } from '../../exitCodes.js';

export default class CalendarsUse extends ApiCommand<typeof CalendarsUse> {
  static override summary = 'Choose how a calendar counts: where bookings go, and whether its busy time blocks your slots.';
  static override description = 'Without flags the calendar becomes your destination (bookings are written there) and blocks your slots.';
  static override examples = ['<%= config.bin %> calendars use Work', '<%= config.bin %> calendars use Family --conflicts --no-destination', '<%= config.bin %> calendars use Holidays --no-conflicts', '<%= config.bin %> calendars use Work --event-type intro'];
  static override args = { calendar: Args.string({ description: 'The calendar name or id (see `yava calendars`).', required: true }) };
  static override flags = {
    destination: Flags.boolean({ description: 'Write bookings to this calendar', allowNo: true }),
    conflicts: Flags.boolean({ description: "Let this calendar's busy time block your slots", allowNo: true }),
    'event-type': Flags.string({ description: 'Write only the bookings of this event type (its slug) to this calendar, instead of your destination' }),
  };

  async run(): Promise<{ calendar: CalendarEntry } | { eventType: string; calendarId: string | null }> {
    const { connections } = await this.client.get<{ connections: CalendarConnection[] }>('/api/calendars');
    const matches = findCalendar(connections, this.args.calendar);
    if (!matches.length) throw new CliError(`No connected calendar is named "${this.args.calendar}"; see yava calendars`, { exit: EXIT.notFound, code: 'not_found' });
    if (matches.length > 1) throw usageError(`Several calendars are named "${this.args.calendar}"; give its id instead (${matches.map((m) => m.calendar.id).join(', ')})`);
    const [{ connection, calendar }] = matches as [{ connection: CalendarConnection; calendar: CalendarEntry }];
    const eventType = this.flags['event-type'];
    if (eventType) {
      const res = await this.spin('Saving', this.client.request<{ eventType: string; calendarId: string | null }>('PUT', `/api/calendars/event-types/${encodeURIComponent(eventType)}/destination`, { body: { calendarId: calendar.id } }));
      this.log(`Bookings of ${eventType} are written to ${calendar.name}.`);
      return res;
    }
    const none = this.flags.destination === undefined && this.flags.conflicts === undefined;
    const body = { isDestination: none ? true : this.flags.destination, checkConflicts: none ? true : this.flags.conflicts };
    const res = await this.spin('Saving', this.client.patch<{ calendar: CalendarEntry }>(`/api/calendars/${connection.id}/calendars/${calendar.id}`, body));
    const parts = [res.calendar.isDestination ? 'bookings are written here' : 'bookings are not written here', res.calendar.checkConflicts ? 'its busy time blocks your slots' : 'its busy time does not block your slots'];
    this.log(`${res.calendar.name}: ${parts.join('; ')}.`);
    return res;
  }
}
