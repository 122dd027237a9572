import { expect } from 'chai';
import TokensRevoke from '../../../../cli/commands/tokens/revoke.js';
import { ApiError } from '../../../../cli/errors.js';
import { fakeApi, parseError, reportedError, runWith } from '../harness.js';

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
  it('run: names a refused id as its argument, with exit 2', async () => {
    const refused = new ApiError({ status: 400, code: 'validation_failed', errors: [{ field: 'id', message: 'expected a token id (uuid)' }] });
    const api = fakeApi({
      'DELETE /api/tokens/nope': () => {
        throw refused;
      },
    });
    const { message, exit } = await reportedError(TokensRevoke, ['nope'], api);
    expect(message).to.equal('<id>: expected a token id (uuid)');
    expect(exit).to.equal(2);
  });
});
