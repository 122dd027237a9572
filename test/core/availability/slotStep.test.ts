import { expect } from 'chai';
import { listAvailableSlots } from '../../../core/availability/index.js';
import { effectiveSlotStepMinutes, minimumSlotStepMinutes, slotStepProblem } from '../../../core/availability/slotStep.js';

const DAY = 86_400_000;
const allDay = { timezone: 'UTC', weekly: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({ day, start: '00:00', end: '24:00' })), overrides: [] };
const options = { now: Date.parse('2026-11-01T00:00:00Z'), range: { start: Date.parse('2026-11-02T00:00:00Z'), end: Date.parse('2026-11-02T00:00:00Z') + 3 * DAY }, durationMinutes: 5, kind: 'one_on_one' as const, hosts: [{ hostId: 'h', schedule: allDay, busy: [], dailyLimits: [] }] };

describe('core/availability slot-step floor and listing bounds', () => {
  it('the floor is 5 minutes, or a sixth of the duration, at most 15', () => {
    expect([1, 5, 30, 31, 60, 90, 120, 480].map(minimumSlotStepMinutes)).to.deep.equal([5, 5, 5, 6, 10, 15, 15, 15]);
    expect(effectiveSlotStepMinutes(1, null)).to.equal(5);
    expect(effectiveSlotStepMinutes(1, 1)).to.equal(5);
    expect(effectiveSlotStepMinutes(60, null)).to.equal(60);
    expect(effectiveSlotStepMinutes(60, 15)).to.equal(15);
  });

  it('names the floor for a step below it, and accepts the default', () => {
    expect(slotStepProblem(1, 1)).to.equal('at least 5 minutes for a 1-minute event (5, or a sixth of the duration, up to 15)');
    expect(slotStepProblem(60, 5)).to.match(/^at least 10 minutes/);
    expect(slotStepProblem(60, 10)).to.equal(null);
    expect(slotStepProblem(1, null)).to.equal(null);
  });

  it('maxSlots stops the listing, and startingAt resumes it exactly where it stopped', () => {
    const all = listAvailableSlots(options);
    expect(all).to.have.length(3 * 288);
    const first = listAvailableSlots({ ...options, maxSlots: 101 });
    expect(first).to.deep.equal(all.slice(0, 101));
    const second = listAvailableSlots({ ...options, startingAt: first[100]!.start, maxSlots: 101 });
    expect(second).to.deep.equal(all.slice(100, 201));
    for (const kind of ['collective', 'round_robin'] as const) {
      const two = { ...options, kind, hosts: [options.hosts[0]!, { ...options.hosts[0]!, hostId: 'g' }] };
      const whole = listAvailableSlots(two);
      expect(listAvailableSlots({ ...two, startingAt: whole[10]!.start, maxSlots: 5 })).to.deep.equal(whole.slice(10, 15));
    }
  });
});
