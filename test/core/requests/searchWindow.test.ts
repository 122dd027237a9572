import { expect } from 'chai';
import { searchWindow, widenedWindow } from '../../../core/requests/index.js';

describe('searchWindow and widenedWindow (one search window, one widening rule)', () => {
  const now = new Date('2026-11-24T10:00:00Z');

  it('searches exactly the asked start, one meeting long', () => {
    expect(searchWindow({ start: '2026-11-25T15:00:00.000+01:00', window: null }, 30, now)).to.deep.equal({ from: '2026-11-25T14:00:00.000Z', to: '2026-11-25T14:30:00.000Z' });
  });

  it('searches an asked window, never before now', () => {
    const window = { start: '2026-11-24T09:00:00.000+01:00', end: '2026-11-24T18:00:00.000+01:00' };
    expect(searchWindow({ start: null, window }, 30, now)).to.deep.equal({ from: '2026-11-24T10:00:00.000Z', to: '2026-11-24T17:00:00.000Z' });
  });

  it('searches the next seven days when no time is given', () => {
    expect(searchWindow({ start: null, window: null }, 30, now)).to.deep.equal({ from: '2026-11-24T10:00:00.000Z', to: '2026-12-01T10:00:00.000Z' });
  });

  it('widens to the seven days after the window, or after now when the window is past', () => {
    expect(widenedWindow({ from: '2026-11-25T14:00:00.000Z', to: '2026-11-25T14:30:00.000Z' }, now)).to.deep.equal({ from: '2026-11-25T14:30:00.000Z', to: '2026-12-02T14:30:00.000Z' });
    expect(widenedWindow({ from: '2026-11-20T14:00:00.000Z', to: '2026-11-20T14:30:00.000Z' }, now)).to.deep.equal({ from: '2026-11-24T10:00:00.000Z', to: '2026-12-01T10:00:00.000Z' });
  });
});
