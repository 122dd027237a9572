import { expect } from 'chai';
import { normalizeMentions } from '../../../bot/conversation/index.js';

describe('normalizeMentions', () => {
  it('turns Slack and Discord mentions into @ids and remembers them', () => {
    const { text, mentionIds } = normalizeMentions('30 min with <@U0ABC|alice> and <@!1234> and @bob');
    expect(text).to.equal('30 min with @U0ABC and @1234 and @bob');
    expect([...mentionIds]).to.deep.equal(['U0ABC', '1234']);
  });
});
