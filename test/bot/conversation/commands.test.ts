import { expect } from 'chai';
import { parseCommand } from '../../../bot/conversation/index.js';

describe('parseCommand', () => {
  it('reads subcommands and leaves everything else as a request', () => {
    expect(parseCommand('')).to.deep.equal({ name: 'help', args: '' });
    expect(parseCommand('LIST')).to.deep.equal({ name: 'list', args: '' });
    expect(parseCommand('cancel 1a2b3c4d')).to.deep.equal({ name: 'cancel', args: '1a2b3c4d' });
    expect(parseCommand('slots @alice friday')).to.deep.equal({ name: 'slots', args: '@alice friday' });
    expect(parseCommand('list my options with @alice tomorrow').name).to.equal('request');
  });
});
