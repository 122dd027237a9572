/**
 * Benchmark of the pure slot engine: a 30-day round-robin query over 10 hosts in different
 * zones, each with 1,000 bookings and 1,000 external busy blocks (seeded, so every run sees the
 * same data). Budget: median under 10 ms.
 *
 * Run alone: node --import tsx bench/availability/engine.ts
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { listAvailableSlots, type HostAvailability, type ListAvailableSlotsOptions } from '../../core/availability/index.js';
import type { Interval } from '../../core/time/intervals.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'Australia/Sydney',
  'America/Sao_Paulo',
  'Pacific/Auckland',
];

/** mulberry32: a tiny seeded PRNG, so the data is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The query: 10 hosts, busy spread over a year around a 30-day window. */
export function buildEngineScenario(seed = 20261102): ListAvailableSlotsOptions {
  const random = seededRandom(seed);
  const now = Date.parse('2026-11-02T08:00:00Z');
  const spanStart = now - 180 * DAY;
  const quarterHours = (365 * DAY) / (15 * MINUTE);
  const randomStart = () => spanStart + Math.floor(random() * quarterHours) * 15 * MINUTE;
  const hosts: HostAvailability[] = ZONES.map((timezone, index) => {
    const busy: Interval[] = [];
    const bookingStarts: number[] = [];
    for (let i = 0; i < 1000; i++) {
      // A booking of 30 or 60 minutes, widened by 10-minute buffers as the caller does.
      const start = randomStart();
      bookingStarts.push(start);
      busy.push({ start: start - 10 * MINUTE, end: start + (random() < 0.5 ? 30 : 60) * MINUTE + 10 * MINUTE });
    }
    for (let i = 0; i < 1000; i++) {
      const start = randomStart();
      busy.push({ start, end: start + (1 + Math.floor(random() * 16)) * 15 * MINUTE });
    }
    return {
      hostId: `host-${index}`,
      schedule: {
        timezone,
        weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '09:00', end: '17:00' })),
        overrides: [{ date: '2026-11-20', intervals: [] }],
      },
      busy,
      dailyLimits: [{ limit: 6, starts: bookingStarts }],
    };
  });
  return {
    now,
    range: { start: now, end: now + 30 * DAY },
    durationMinutes: 30,
    bufferBeforeMinutes: 10,
    bufferAfterMinutes: 10,
    minimumNoticeMinutes: 120,
    maxDaysAhead: 60,
    kind: 'round_robin',
    hosts,
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Times the query: 5 warm-up runs, then 30 measured runs. */
export async function benchEngine(): Promise<{ medianMs: number; p95Ms: number; slots: number }> {
  const options = buildEngineScenario();
  let slots = 0;
  for (let i = 0; i < 5; i++) slots = listAvailableSlots(options).length;
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const started = performance.now();
    slots = listAvailableSlots(options).length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { medianMs: percentile(times, 50), p95Ms: percentile(times, 95), slots };
}

function printTable(result: { medianMs: number; p95Ms: number; slots: number }): void {
  console.table([
    {
      benchmark: 'listAvailableSlots: round robin, 10 hosts × 2,000 busy, 30 days',
      'median ms': Number(result.medianMs.toFixed(2)),
      'p95 ms': Number(result.p95Ms.toFixed(2)),
      slots: result.slots,
      budget: result.medianMs < 10 ? 'ok (< 10 ms)' : 'OVER 10 ms',
    },
  ]);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchEngine().then(printTable, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
