import { expect } from 'chai';
import { DateTime } from 'luxon';
import { type Intent, chooseOption, clarify, continueRequest, parseRequest } from '../../../core/nlp/index.js';

describe('core/nlp: a choice of days or times ("monday or tuesday")', () => {
  // Wednesday 2 December 2026, 09:00 wall-clock in each zone.
  for (const zone of ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe']) {
    const now = DateTime.fromISO('2026-12-02T09:00', { zone }).toISO()!;
    const read = (text: string): Intent => parseRequest(text, { now, timezone: zone });
    const wall = (iso: string | null | undefined) => (iso ? DateTime.fromISO(iso, { setZone: true }).toFormat('ccc dd HH:mm') : null);
    /** Each alternative as "day time" (an exact start) or "day time–day time" (a window). */
    const choices = (i: Intent) => i.alternatives?.map((a) => (a.start ? wall(a.start) : `${wall(a.window!.start)}–${wall(a.window!.end)}`)) ?? null;

    describe(`in ${zone}`, () => {
      it('reads each day of "monday or tuesday" (the first also as start/window, as before)', () => {
        const i = read('meeting with alice monday or tuesday');
        expect(choices(i)).to.deep.equal(['Mon 07 00:00–Tue 08 00:00', 'Tue 08 00:00–Wed 09 00:00']);
        expect(i.window).to.deep.equal(i.alternatives![0]!.window);
        expect(i.missing).to.deep.equal(['durationMinutes']);
      });

      it('shares what is said once: a part of the day or a time after them, a day before a bare time', () => {
        expect(choices(read('30 min with bob tomorrow or friday afternoon'))).to.deep.equal(['Thu 03 12:00–Thu 03 17:00', 'Fri 04 12:00–Fri 04 17:00']);
        expect(choices(read('meeting with alice monday or tuesday at 3pm'))).to.deep.equal(['Mon 07 15:00', 'Tue 08 15:00']);
        expect(choices(read('meeting with alice on monday at 10 or tuesday at 3pm'))).to.deep.equal(['Mon 07 10:00', 'Tue 08 15:00']);
        expect(choices(read('meeting with alice tomorrow at ten or eleven thirty'))).to.deep.equal(['Thu 03 10:00', 'Thu 03 11:30']);
        expect(choices(read('meeting with alice monday, tuesday or friday'))).to.deep.equal(['Mon 07 00:00–Tue 08 00:00', 'Tue 08 00:00–Wed 09 00:00', 'Fri 04 00:00–Sat 05 00:00']);
      });

      it('finds no choice in an "or" that is not between times, nor in one time said twice', () => {
        for (const text of ['meeting with alice or bob tomorrow', 'coffee or tea with bob tomorrow', 'meet 2 or 3 people tomorrow', 'meeting tomorrow at 3 or so', 'with bob friday or on friday']) {
          expect(read(text).alternatives, text).to.equal(undefined);
        }
      });

      it('asks about a day said two ways rather than offering a choice that hides it', () => {
        const i = read('meeting with alice next friday or monday');
        expect(i.alternatives).to.equal(undefined);
        expect(i.missing).to.include('start');
      });

      it('settles the choice once an answer names the time', () => {
        const asked = read('meeting with alice monday or tuesday');
        const pending = clarify(asked)!.pending;
        const answered = continueRequest(pending, '45 minutes', { now, timezone: zone })!;
        expect(answered.alternatives, 'a length keeps the choice').to.have.length(2);
        const thursday = continueRequest({ ...pending, field: 'start' }, 'thursday at 9', { now, timezone: zone })!;
        expect(thursday.alternatives, 'a time said instead replaces it').to.equal(undefined);
        expect(wall(thursday.start)).to.equal('Thu 03 09:00');
        const picked = chooseOption({ intent: asked, kind: 'choose_start', field: 'start', choices: [{ label: '9 AM', start: asked.alternatives![1]!.window!.start }] }, 0)!;
        expect(picked.alternatives, 'a time picked settles it').to.equal(undefined);
      });
    });
  }
});
