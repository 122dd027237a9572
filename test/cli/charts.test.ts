import { expect } from 'chai';
import { chartOf } from '../../core/analytics/charts.js';
import { bars, drawChart, hoursToShow, sparkline } from '../../cli/charts.js';
import { createPainter } from '../../cli/terminal.js';
import Analytics from '../../cli/commands/analytics.js';
import { fakeApi, runWith } from './commands/harness.js';

const header = { scope: 'me', from: '2026-10-19', to: '2026-11-01', timezone: 'Europe/Berlin', groupBy: 'week' };

describe('cli/charts and yava analytics', () => {
  it('sparklines scale from ▁ to █', () => {
    expect(sparkline([0, 1, 2, 4, 8])).to.equal('▁▂▃▅█');
    expect(sparkline([0, 0])).to.equal('▁▁');
  });

  it('bars scale to the widest value and colour only when painting', () => {
    const plain = bars([{ label: 'ada', value: 4 }, { label: 'benedict', value: 2 }], createPainter(false), 8);
    expect(plain).to.equal('ada       ████████ 4\nbenedict  ████ 2');
    expect(bars([{ label: 'ada', value: 1 }], createPainter(true), 4)).to.match(/\u001b\[36m████\u001b\[39m/);
  });

  it('shows a contiguous run of hours: 07–19, widened to the earliest and latest hour with something in it', () => {
    const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
    expect(hoursToShow(grid)).to.deep.equal(range(7, 19));
    grid[0]![5] = 1;
    grid[3]![21] = 2;
    expect(hoursToShow(grid)).to.deep.equal(range(5, 21));
    const chart = chartOf({ metric: 'busiest-hours', ...header, matrix: grid, busiest: { weekday: 3, hour: 21, count: 2 } });
    expect(drawChart(chart, createPainter(false)).split('\n')[1]!.trim()).to.match(/^05 06 07 .* 20 21$/);
  });

  it('draws busiest hours as a heatmap: shades without colour, backgrounds with it', () => {
    const matrix = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    matrix[0]![10] = 2;
    matrix[6]![23] = 1;
    const chart = chartOf({ metric: 'busiest-hours', ...header, matrix, busiest: { weekday: 0, hour: 10, count: 2 } });
    const plain = drawChart(chart, createPainter(false));
    expect(plain).to.include('Busiest hours, 2026-10-19 – 2026-11-01');
    expect(plain.split('\n').find((l) => l.startsWith('Mon'))).to.include('██');
    expect(plain.split('\n').find((l) => l.startsWith('Sun'))).to.include('▓▓');
    expect(plain).not.to.match(/\u001b\[/);
    expect(drawChart(chart, createPainter(true))).to.match(/\u001b\[48;5;40m/);
  });

  it('yava analytics asks the API for the metric in --tz and prints a sparkline; --json is the answer as is', async () => {
    const answer = { metric: 'bookings', ...header, total: 3, series: [{ period: '2026-10-19', total: 1 }, { period: '2026-10-26', total: 2 }] };
    const api = fakeApi({ 'GET /api/analytics/bookings': answer });
    const { stdout } = await runWith(Analytics, ['bookings', '--scope', 'team:sales', '--from', '2026-10-19', '--to', '2026-11-01', '--group-by', 'week', '--tz', 'Europe/Berlin'], api);
    expect(api.calls[0]!.query).to.deep.equal({ scope: 'team:sales', timezone: 'Europe/Berlin', groupBy: 'week', from: '2026-10-19', to: '2026-11-01' });
    expect(stdout).to.include('▅█').and.include('2026-10-19 … 2026-10-26');
    expect(stdout).not.to.match(/\u001b\[/);
    const json = await runWith(Analytics, ['bookings', '--json', '--tz', 'UTC'], fakeApi({ 'GET /api/analytics/bookings': answer }));
    expect(json.result).to.deep.equal(answer);
  });

  it('yava analytics utilisation prints the overall rate of the range, not a sum of weekly rates', async () => {
    const weekly = [
      { period: '2026-11-23', offeredMinutes: 1440, bookedMinutes: 60, rate: 0.0417 },
      { period: '2026-11-30', offeredMinutes: 2400, bookedMinutes: 0, rate: 0 },
      { period: '2026-12-07', offeredMinutes: 2040, bookedMinutes: 60, rate: 0.0294 },
    ];
    const answer = { metric: 'utilisation', ...header, offeredMinutes: 5880, bookedMinutes: 120, rate: 0.0204, byHost: [], weekly };
    const { stdout } = await runWith(Analytics, ['utilisation', '--tz', 'UTC'], fakeApi({ 'GET /api/analytics/utilisation': answer }));
    expect(stdout).to.include('overall 2.0%').and.include('max 4.2%');
    expect(stdout).not.to.include('total');
  });

  it('yava analytics revenue draws one bar per currency, labelled, never one sum', async () => {
    const answer = { metric: 'revenue', ...header, currencies: [{ currency: 'EUR', payments: 2, grossMinor: 8000, refundedMinor: 1000, netMinor: 7000, net: '70.00', series: [] }, { currency: 'USD', payments: 1, grossMinor: 4000, refundedMinor: 0, netMinor: 4000, net: '40.00', series: [] }] };
    const { stdout } = await runWith(Analytics, ['revenue', '--tz', 'UTC'], fakeApi({ 'GET /api/analytics/revenue': answer }));
    expect(stdout).to.match(/EUR.*70/).and.match(/USD.*40/);
    expect(stdout).not.to.include('110');
  });
});
