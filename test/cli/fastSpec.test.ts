import { expect } from 'chai';
import { Command, Flags } from '@oclif/core';
import Meetings from '../../cli/commands/meetings/index.js';
import Slots from '../../cli/commands/slots.js';
import { describeCommand } from '../../cli/fastSpec.js';

describe('describeCommand (the fast path\'s flag definitions, from the command classes)', () => {
  it('describes meetings and slots with their base flags, --json, bounds, defaults and rules', () => {
    const meetings = describeCommand('meetings', Meetings);
    expect(meetings.flags).to.deep.include({
      json: { type: 'boolean' },
      debug: { type: 'boolean' },
      server: { type: 'string', env: 'YAVA_SERVER' },
      tz: { type: 'string' },
      all: { type: 'boolean', exclusive: ['status'] },
      limit: { type: 'integer', default: 20, min: 1, max: 1000 },
    });
    expect(meetings.args).to.deep.equal([]);
    expect(meetings.ownFlags).to.deep.equal(Object.keys(Meetings.flags));
    const slots = describeCommand('slots', Slots);
    expect(slots.args).to.deep.equal(['target']);
    expect(slots.flags).to.deep.include({ days: { type: 'integer', default: 7, min: 1, max: 90 }, near: { type: 'string', dependsOn: ['smart'] } });
  });

  it('refuses a command whose flags the fast path cannot read, naming the flag', () => {
    class Short extends Command {
      static override flags = { yes: Flags.boolean({ char: 'y' }) };
      async run() {}
    }
    class Url extends Command {
      static override flags = { at: Flags.url() };
      async run() {}
    }
    expect(() => describeCommand('short', Short)).to.throw(/yava short --yes sets "char"/);
    expect(() => describeCommand('url', Url)).to.throw(/--at is neither a boolean, a string nor an integer flag/);
  });
});
