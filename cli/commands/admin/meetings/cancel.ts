import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../../baseCommand.js';

interface CanceledMeeting {
  id: string;
  title: string;
  status: string;
  start: string;
  canceledBy: string | null;
  cancelReason: string | null;
}

export default class AdminMeetingsCancel extends ApiCommand<typeof AdminMeetingsCancel> {
  static override summary = 'Cancel any meeting with a reason; the people in it are told (admins).';
  static override examples = ['<%= config.bin %> admin meetings cancel 9b2c5f0e --reason "Reported as spam"'];
  static override args = { id: Args.string({ description: 'Meeting id (or its full id).', required: true }) };
  static override flags = { reason: Flags.string({ description: 'Why (sent to the people in it and kept in the audit log).', required: true }) };

  async run(): Promise<CanceledMeeting> {
    const meeting = await this.client.post<CanceledMeeting>(`/api/admin/meetings/${encodeURIComponent(this.args.id)}/cancel`, { reason: this.flags.reason });
    this.log(`Canceled: ${meeting.title} (${meeting.id.slice(0, 8)}).`);
    return meeting;
  }
}
