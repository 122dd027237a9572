import { expect } from 'chai';
import EventTypesInsights from '../../../../cli/commands/event-types/insights.js';
import { fakeApi, parseError, runWith } from '../harness.js';

describe('cli/commands/event-types/insights', () => {
  it('parse: refuses a missing event type with exit 2', async () => {
    expect((await parseError(EventTypesInsights, [])).exit).to.equal(2);
  });
  it('run: finds the event type by slug, reads its insights and prints the suggestion', async () => {
    const insights = {
      eventTypeId: 'e1', title: 'Intro call', configuredMinutes: 30, meetings: 31, noShows: 4, noShowRate: 0.114, followUps: 1,
      durations: { median: { minutes: 18.2, low: 16.4, high: 19.9 }, p80: { minutes: 19.6, low: 18.4, high: 21.1 } },
      byAttendeeCount: [{ attendees: '1', meetings: 31, medianMinutes: 17 }],
      suggestion: { minutes: 20, share: 0.87, message: 'Your "Intro call" meetings end within 20 min 87% of the time: consider 20 min instead of 30.' },
    };
    const api = fakeApi({ 'GET /api/event-types': { eventTypes: [{ id: 'e1', slug: 'intro' }] }, 'GET /api/event-types/e1/insights': insights });
    const { result, stdout } = await runWith(EventTypesInsights, ['intro'], api);
    expect(api.calls[1]).to.include({ method: 'GET', path: '/api/event-types/e1/insights' });
    expect(result).to.deep.equal(insights);
    expect(stdout).to.include('Median: 18.2 min (90% interval 16.4–19.9)');
    expect(stdout).to.include('Suggestion: Your "Intro call" meetings end within 20 min 87% of the time');
  });
});
