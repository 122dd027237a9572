import { Args, Flags } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { EXIT } from '../../exitCodes.js';
import { decisionLines, type DecisionResponse } from '../../teamAdmin.js';

export default class RequestsDecline extends ApiCommand<typeof RequestsDecline> {
  static override summary = 'Decline pending requests (by id or 8+ character prefix), each on its own.';
  static override description = 'Every id is reported: done, or why not (not found, not yours, no longer pending); the others still go through.';
  static override examples = ['<%= config.bin %> requests decline 9b2c41d0 77aa01ff', '<%= config.bin %> requests decline 9b2c41d0 --reason "Fully booked"'];
  static override strict = false;
  static override args = { id: Args.string({ description: 'Request ids (as `yava requests` shows); several may follow.', required: true }) };
  static override flags = { reason: Flags.string({ description: 'Why, told to the invitees.' }) };

  async run(): Promise<DecisionResponse> {
    const body = { ids: [...new Set(this.rest)], reason: this.flags.reason ?? null };
    const res = await this.spin('Declining', this.client.post<DecisionResponse>('/api/requests/pending/decline', body));
    for (const line of decisionLines(res, 'declined')) this.log(line);
    // Scripts see a partial failure: exit 1 once the report (or the JSON result) is out.
    if (res.failed > 0) this.exitCodeAfterRun = EXIT.failure;
    return res;
  }
}
