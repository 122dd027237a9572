import { expect } from 'chai';
import { isEmailAddress } from '../../core/text.js';

describe('core/text isEmailAddress', () => {
  it('accepts an address as people write them: something@domain.tld', () => {
    for (const text of ['ada@example.com', 'Ada.Lovelace+yava@mail.example.co.uk', 'o\'neil@x.org', 'a@b.c']) expect(isEmailAddress(text), text).to.equal(true);
  });

  it('refuses text with no @, two @, no dot after the @, or any blank', () => {
    for (const text of ['', 'ada', 'ada@', '@example.com', 'ada@example', 'ada@localhost', 'ada@@example.com', 'ada@ex@ample.com', 'ada@example.', 'ada @example.com', ' ada@example.com', 'ada@example.com ', 'ada@exa\tmple.com', 'ada@example.com\nbob@example.com']) {
      expect(isEmailAddress(text), JSON.stringify(text)).to.equal(false);
    }
  });
});
