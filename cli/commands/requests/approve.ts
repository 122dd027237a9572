import { Args } from '@oclif/core';
import { ApiCommand } from '../../baseCommand.js';
import { EXIT } from '../../exitCodes.js';
import { decisionLines, type DecisionResponse } from '../../teamAdmin.js';

export default class RequestsApprove extends ApiCommand<typeof RequestsApprove> {
  static override summary = 'Approve pending requests (by id or 8+ character prefix), each on its own.';
  static override description = 'Every id is reported: done, or why not (not found, not yours, no longer pending, slot taken meanwhile); the others still go through.';
  static override examples = ['<%= config.bin %> requests approve 9b2c41d0 77aa01ff'];
  static override strict = false;
  static override args = { id: Args.string({ description: 'Request ids (as `yava requests` shows); several may follow.', required: true }) };

  async run(): Promise<DecisionResponse> {
    const res = await this.spin('Approving', this.client.post<DecisionResponse>('/api/requests/pending/approve', { ids: [...new Set(this.rest)] }));
    for (const line of decisionLines(res, 'approved')) this.log(line);
    // Scripts see a partial failure: exit 1 once the report (or the JSON result) is out.
    if (res.failed > 0) this.exitCodeAfterRun = EXIT.failure;
    return res;
  }
}
