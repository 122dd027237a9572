import { expect } from 'chai';
import { isEmailAddress, maskEmail } from '../../core/text.js';

describe('core/text isEmailAddress', () => {
  it('accepts an address as people write them: something@domain.tld', () => {
    for (const text of ['ada@example.com', 'Ada.Lovelace+yava@mail.example.co.uk', 'o\'neil@x.org', 'a@b.c']) expect(isEmailAddress(text), text).to.equal(true);
  });

  it('refuses text with no @, two @, no dot after the @, or any blank', () => {
    for (const text of ['', 'ada', 'ada@', '@example.com', 'ada@example', 'ada@localhost', 'ada@@example.com', 'ada@ex@ample.com', 'ada@example.', 'ada @example.com', ' ada@example.com', 'ada@example.com ', 'ada@exa\tmple.com', 'ada@example.com\nbob@example.com']) {
      expect(isEmailAddress(text), JSON.stringify(text)).to.equal(false);
    }
  });

  it('answers as the pattern something@domain.tld does, on generated text', () => {
    const pattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
    const alphabet = ['a', 'b', '@', '.', ' ', '\t', '-', '+'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: next() % 9 }, () => alphabet[next() % alphabet.length]).join('');
      expect(isEmailAddress(text), JSON.stringify(text)).to.equal(pattern.test(text));
    }
  });

  it('reads a long answer in one pass (the pattern backtracked for minutes over 100,000 dots)', () => {
    expect(isEmailAddress(`a@${'.'.repeat(100_000)} `)).to.equal(false);
    expect(isEmailAddress(`a@${'b.'.repeat(50_000)}@`)).to.equal(false);
    expect(isEmailAddress(`a@${'b'.repeat(100_000)}.c`)).to.equal(true);
  });
});

describe('core/text maskEmail', () => {
  it('keeps the first character of the name and the domain, and hides how long the name is', () => {
    expect(maskEmail('ada.lovelace@example.com')).to.equal('a•••@example.com');
    expect(maskEmail('a@example.com')).to.equal('a•••@example.com');
    expect(maskEmail('"odd@name"@example.com')).to.equal('"•••@example.com');
  });

  it('never splits a character written as two units, and hides text that is not an address whole', () => {
    expect(maskEmail('😀ada@example.com')).to.equal('😀•••@example.com');
    for (const text of ['', 'ada', '@example.com']) expect(maskEmail(text), JSON.stringify(text)).to.equal('•••');
  });
});
