import { expect } from 'chai';
import TokensRevoke from '../../../../cli/commands/tokens/revoke.js';
import { fakeApi, parseError, runWith } from '../harness.js';

describe('cli/commands/tokens/revoke', () => {
  it('parse: refuses a missing id with exit 2', async () => {
    expect((await parseError(TokensRevoke, [])).exit).to.equal(2);
  });
  it('run: DELETEs the token by its encoded id', async () => {
    const api = fakeApi({ 'DELETE /api/tokens/t%201': undefined });
    const { result } = await runWith(TokensRevoke, ['t 1'], api);
    expect(api.calls).to.have.length(1);
    expect(result).to.deep.equal({ id: 't 1', revoked: true });
  });
});
