import Calendars from './index.js';

export default class CalendarsList extends Calendars {
  static override summary = 'List your connected calendars.';
  static override examples = ['<%= config.bin %> calendars list', '<%= config.bin %> calendars list --json'];
}
