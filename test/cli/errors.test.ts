import { expect } from 'chai';
import { fieldLabeller } from '../../cli/errors.js';

describe('cli/errors fieldLabeller', () => {
  const label = fieldLabeller({ weekly: '--mon … --sun', 'invitee.email': '--email' }, ['status', 'duration-minutes']);

  it('names a field by the flag that gave it', () => {
    expect(label('invitee.email')).to.equal('--email');
    expect(label('durationMinutes')).to.equal('--duration-minutes');
    expect(label('status')).to.equal('--status');
  });

  it('names the n-th value of a repeatable flag by the flag alone, and keeps a deeper path in brackets', () => {
    expect(label('status.0')).to.equal('--status');
    expect(label('weekly.2')).to.equal('--mon … --sun');
    expect(label('weekly.0.end')).to.equal('--mon … --sun (weekly.0.end)');
  });

  it('leaves a field no flag gave as the API names it', () => {
    expect(label('overrides.0.date')).to.equal('overrides.0.date');
  });
});
