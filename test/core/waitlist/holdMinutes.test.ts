import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../core/config.js';

describe('WAITLIST_HOLD_MINUTES', () => {
  it('defaults to 30 minutes and takes a whole number of minutes', () => {
    expect(loadConfig({}).WAITLIST_HOLD_MINUTES).to.equal(30);
    expect(loadConfig({ WAITLIST_HOLD_MINUTES: '45' }).WAITLIST_HOLD_MINUTES).to.equal(45);
  });
  it('refuses 0 or a fraction, naming the variable', () => {
    for (const value of ['0', '2.5', 'soon']) {
      expect(() => loadConfig({ WAITLIST_HOLD_MINUTES: value })).to.throw(ConfigError, /WAITLIST_HOLD_MINUTES/);
    }
  });
});
