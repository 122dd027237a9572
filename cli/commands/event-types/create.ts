import { ApiCommand } from '../../baseCommand.js';
import { eventTypeBody, eventTypeFieldNames, eventTypeFlags, pendingHostsNote } from '../../eventTypes.js';
import { askInput } from '../../prompts.js';
import type { EventType } from '../../types.js';

export default class EventTypesCreate extends ApiCommand<typeof EventTypesCreate> {
  static override summary = 'Create an event type.';
  static override examples = [
    '<%= config.bin %> event-types create',
    '<%= config.bin %> event-types create --slug intro --title "Intro call" --duration 30',
    '<%= config.bin %> event-types create --slug review --title Review --duration 60 --buffer-after 15 --approval --json',
  ];
  static override fieldNames = eventTypeFieldNames;
  static override flags = { ...eventTypeFlags, team: { ...eventTypeFlags.slug, description: 'Create it for this team (slug).' } };

  async run(): Promise<EventType> {
    const f = this.flags;
    const slug = await this.need(f.slug, '--slug', () => askInput('Slug (as in yava.example/you/<slug>)'), 'the slug');
    const title = await this.need(f.title, '--title', () => askInput('Title'), 'the title');
    const duration = await this.need(f.duration, '--duration', async () => Number(await askInput('Duration in minutes', { default: '30', validate: (v) => (/^\d+$/.test(v) ? true : 'Minutes, e.g. 30') })), 'the duration');
    const body = { ...eventTypeBody(f), slug, title, durationMinutes: duration, ...(f.team ? { teamSlug: f.team } : {}) };
    const created = await this.spin('Creating', this.client.post<EventType>('/api/event-types', body));
    this.log(`Created ${this.paint('bold', created.slug)} (${created.title}, ${created.durationMinutes} min), id ${created.id}.`);
    const note = pendingHostsNote(created);
    if (note) this.log(note);
    return created;
  }
}
