import { expect } from 'chai';
import { pickChoice, pickPosition, readYesNo } from '../../../core/nlp/index.js';

describe('core/nlp answers to a question (yes or no, which one)', () => {
  it('reads yes, no, or neither', () => {
    for (const yes of ['yes', 'Yes please', 'yeah', 'sure', 'okay', 'go ahead', "that's right"]) expect(readYesNo(yes), yes).to.equal('yes');
    for (const no of ['no', 'No, thanks', 'nope', "don't", 'never mind', 'leave it']) expect(readYesNo(no), no).to.equal('no');
    for (const neither of ['no one else', 'nobody', 'the second one', 'friday at 10', 'nonsense']) expect(readYesNo(neither), neither).to.equal(null);
  });

  it('picks a choice by its words, by position, or the one choice on yes', () => {
    const meetings = [{ label: '10 AM with Alice' }, { label: '2 PM with Bob' }];
    expect(pickChoice(meetings, 'the one with bob')).to.equal(1);
    expect(pickChoice(meetings, 'the first one')).to.equal(0);
    expect(pickChoice(meetings, 'yes'), 'a yes picks none of several').to.equal(-1);
    expect(pickChoice([{ label: '9 AM' }], 'yes')).to.equal(0);
    expect([pickPosition(3, 'the last one'), pickPosition(3, 'two'), pickPosition(3, 'friday')]).to.deep.equal([2, 1, -1]);
  });
});
