import { Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { usageError } from '../../errors.js';
import { renderTable } from '../../format.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, channelsOfKind, isOfferedOn, type NotificationChannel, type NotificationKind } from '../../../core/notify/reminders/types.js';

const CHANNELS = NOTIFICATION_CHANNELS;
const KINDS = NOTIFICATION_KINDS;

interface Preferences {
  timezone: string;
  quietHours: { start: string; end: string } | null;
  preferences: Array<{ channel: string; kind: string; enabled: boolean }>;
}

const isChannel = (v: string): v is NotificationChannel => (CHANNELS as readonly string[]).includes(v);
const isKind = (v: string): v is NotificationKind => (KINDS as readonly string[]).includes(v);

/**
 * "sms:reminder" → {channel, kind}; "sms" alone means every kind that channel carries, "reminder"
 * alone every channel that carries it. A kind named on a channel that never carries it
 * ("sms:host_invitation") is a usage error.
 */
export function parseSelector(value: string, flag: string): Array<{ channel: string; kind: string }> {
  const [a, b, extra] = value.toLowerCase().replace(/-/g, '_').split(':');
  const fail = () => usageError(`${flag} ${value}: expected CHANNEL:KIND, CHANNEL or KIND (channels ${CHANNELS.join(', ')}; kinds ${KINDS.join(', ')})`);
  if (extra !== undefined || !a) throw fail();
  const channels = isChannel(a) ? [a] : b === undefined && isKind(a) ? [...CHANNELS] : null;
  const kinds = b !== undefined ? (isKind(b) ? [b] : null) : isKind(a) ? [a] : [...KINDS];
  if (!channels || !kinds) throw fail();
  const [channel, kind] = [channels[0]!, kinds[0]!];
  if (channels.length === 1 && kinds.length === 1 && !isOfferedOn(channel, kind)) throw usageError(`${flag} ${value}: ${kind} is sent only by ${channelsOfKind(kind).join(', ')}, never by ${channel}; use ${channelsOfKind(kind)[0]}:${kind}`);
  return channels.flatMap((c) => kinds.filter((k) => isOfferedOn(c, k)).map((k) => ({ channel: c, kind: k })));
}

export default class NotificationsPrefs extends ApiCommand<typeof NotificationsPrefs> {
  static override summary = 'Show or change which notifications you get, on which channel, and your quiet hours.';
  static override description = `Without flags, prints the matrix of channels × kinds. --off and --on take CHANNEL:KIND (or a whole channel or kind): channels ${CHANNELS.join(', ')}; kinds ${KINDS.join(', ')} (host_invitation: the e-mail asking you to host someone's event type; e-mail only, "-" on other channels). Quiet hours are local times in your zone.`;
  static override examples = [
    '<%= config.bin %> notifications prefs',
    '<%= config.bin %> notifications prefs --off sms:reminder --off weekly_summary',
    '<%= config.bin %> notifications prefs --off email:host_invitation',
    '<%= config.bin %> notifications prefs --on push --quiet 22:00-07:00',
    '<%= config.bin %> notifications prefs --no-quiet --json',
  ];
  // A value the server refuses is named by the flag that gave it.
  static override fieldNames = { quietHours: '--quiet', 'quietHours.start': '--quiet (start)', 'quietHours.end': '--quiet (end)', preferences: '--on/--off' };
  static override flags = {
    on: Flags.string({ description: 'Turn on CHANNEL:KIND (or a channel, or a kind); repeatable.', multiple: true }),
    off: Flags.string({ description: 'Turn off CHANNEL:KIND (or a channel, or a kind); repeatable.', multiple: true }),
    quiet: Flags.string({ description: 'Quiet hours HH:MM-HH:MM in your zone (nothing is delivered then; it waits until they end).' }),
    'no-quiet': Flags.boolean({ description: 'Remove quiet hours.', exclusive: ['quiet'] }),
  };

  async run(): Promise<Preferences> {
    const f = this.flags;
    const body: { preferences?: Array<{ channel: string; kind: string; enabled: boolean }>; quietHours?: { start: string; end: string } | null } = {};
    const changes = [...(f.off ?? []).flatMap((v) => parseSelector(v, '--off').map((p) => ({ ...p, enabled: false }))), ...(f.on ?? []).flatMap((v) => parseSelector(v, '--on').map((p) => ({ ...p, enabled: true })))];
    if (changes.length) body.preferences = changes;
    if (f.quiet !== undefined) {
      const m = /^((?:[01]\d|2[0-3]):[0-5]\d)-((?:[01]\d|2[0-3]):[0-5]\d)$/.exec(f.quiet);
      if (!m) throw usageError(`--quiet ${f.quiet}: expected HH:MM-HH:MM (times 00:00–23:59), e.g. 22:00-07:00`);
      body.quietHours = { start: m[1]!, end: m[2]! };
    }
    if (f['no-quiet']) body.quietHours = null;
    const prefs = Object.keys(body).length
      ? await this.spin('Saving', this.client.put<Preferences>('/api/notifications/preferences', body))
      : await this.spin('Loading', this.client.get<Preferences>('/api/notifications/preferences'));
    const on = new Map(prefs.preferences.map((p) => [`${p.channel}:${p.kind}`, p.enabled]));
    // A pair the server does not list is not offered (that channel never carries the kind): "-".
    const cell = (c: string, k: string) => (on.has(`${c}:${k}`) ? (on.get(`${c}:${k}`) ? 'on' : 'off') : '-');
    this.log(renderTable(['KIND', ...CHANNELS.map((c) => c.toUpperCase())], KINDS.map((k) => [k, ...CHANNELS.map((c) => cell(c, k))]), this.paint));
    this.log(prefs.quietHours ? `Quiet hours: ${prefs.quietHours.start}–${prefs.quietHours.end} (${prefs.timezone})` : 'Quiet hours: none');
    return prefs;
  }
}
