import Outbox from '../../outbox.js';

/** `yava outbox` under the admin topic, with ids to retry by (`yava admin outbox retry <id>`). */
export default class AdminOutbox extends Outbox {
  static override summary = 'Outgoing messages and dead letters, with their ids (admins); `yava admin outbox retry <id>` sends one again.';
  static override examples = ['<%= config.bin %> admin outbox --status dead', '<%= config.bin %> admin outbox retry <id>'];
  protected override readonly path = '/api/admin/outbox';
  protected override readonly showIds = true;
}
