import { expect } from 'chai';
import { escapeLike } from '../../../core/db/like.js';
import { getTestDb } from '../../helpers/db.js';

describe('core/db/like escapeLike', () => {
  it('makes %, _ and \\ literal in a LIKE pattern, on the database itself', async () => {
    expect(escapeLike('50%_off\\now')).to.equal('50\\%\\_off\\\\now');
    const { knex } = await getTestDb();
    const { rows } = await knex.raw<{ rows: Array<{ literal: boolean; wildcard: boolean }> }>(
      'SELECT ? LIKE ? AS literal, ? LIKE ? AS wildcard',
      ['50%_off\\now', `${escapeLike('50%_off\\now')}`, '50xyoff\\now', `${escapeLike('50%_off\\now')}`],
    );
    expect(rows[0]).to.deep.equal({ literal: true, wildcard: false });
  });
});
