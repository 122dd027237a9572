// `npm run screenshots`: the web pages at 390 px and 1280 px wide, light and dark, into
// docs/screenshots/ (linked from the README). Starts a throwaway server on an embedded database
// in a temporary directory with the demo host and a week of meetings at a fixed date, drives
// Debian's Chromium (/usr/bin/chromium, or CHROMIUM) with playwright-core, and cleans up.
// Other pages join by adding an entry to PAGES.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createFixedClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { DEMO_USER, seedDemo } from '../core/demo/seed.js';
import { createLogger } from '../core/logger.js';
import { startServer, type RunningServer } from '../server/compose.js';

const OUT = 'docs/screenshots';
const WIDTHS = [390, 1280];
const SCHEMES = ['light', 'dark'] as const;
/** Tuesday 24 Nov 2026, 07:00 UTC: the demo week is fixed so the pictures do not drift. */
const NOW = '2026-11-24T07:00:00Z';

/** name → path; `signedIn` pages need the demo host's session. */
const PAGES: Array<{ name: string; path: string; signedIn: boolean }> = [
  { name: 'dashboard', path: '/app', signedIn: true },
  { name: 'week', path: '/app/week?from=2026-11-23', signedIn: true },
  { name: 'heatmap', path: '/app/heatmap', signedIn: true },
  { name: 'booking-page', path: '/demo/intro?timezone=Europe%2FBerlin&date=2026-11-25', signedIn: false },
];

async function seedMeetings(server: RunningServer): Promise<void> {
  await seedDemo(server.deps.db, { bcryptCost: 4 });
  const host = await server.deps.services.auth.findUserByUsername(DEMO_USER.username);
  await server.deps.services.scheduling.createEventType(host!.id, { slug: 'advice', title: 'Advice session', durationMinutes: 45, requiresApproval: true });
  const book = (eventType: string, start: string, name: string, timezone: string) =>
    fetch(`${server.url}/api/meetings/schedule`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: DEMO_USER.username, eventType, start, invitee: { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.org`, timezone } }),
    });
  const meetings: Array<[string, string, string, string]> = [
    ['intro', '2026-11-24T09:00:00Z', 'Ana Lima', 'America/Sao_Paulo'],
    ['deep-dive', '2026-11-24T13:00:00Z', 'Kenji Sato', 'Asia/Tokyo'],
    ['intro', '2026-11-25T08:00:00Z', 'Priya Nair', 'Asia/Kolkata'],
    ['advice', '2026-11-25T14:15:00Z', 'Tom Berg', 'Europe/Oslo'],
    ['deep-dive', '2026-11-26T09:00:00Z', 'Lea Roth', 'Europe/Berlin'],
    ['intro', '2026-11-27T12:00:00Z', 'Sam Park', 'America/New_York'],
  ];
  for (const [eventType, start, name, zone] of meetings) {
    const res = await book(eventType, start, name, zone);
    if (res.status !== 201) process.stderr.write(`could not book ${eventType} at ${start}: ${res.status} ${await res.text()}\n`);
  }
}

async function shoot(browser: Browser, baseUrl: string): Promise<string[]> {
  const written: string[] = [];
  for (const colorScheme of SCHEMES) {
    for (const width of WIDTHS) {
      const context = await browser.newContext({ colorScheme, viewport: { width, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/Berlin', serviceWorkers: 'block' });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/app/login`);
      await page.getByLabel('Email').fill(DEMO_USER.email);
      await page.getByLabel('Password').fill(DEMO_USER.password);
      await Promise.all([page.waitForURL(/\/app$/), page.getByRole('button', { name: 'Sign in' }).click()]);
      for (const shot of PAGES) {
        await page.goto(baseUrl + shot.path, { waitUntil: 'load' });
        const path = join(OUT, `${shot.name}-${width}-${colorScheme}.png`);
        await page.screenshot({ path, fullPage: true });
        written.push(path);
      }
      await context.close();
    }
  }
  return written;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yava-screenshots-'));
  const config = loadConfig({ NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', YAVA_DATA_DIR: dataDir, BCRYPT_COST: '4', RATE_LIMIT: 'off', LOG_LEVEL: 'warn', JWT_SECRET: 'screenshots-only-secret-0123456789abcdef' });
  const server = await startServer({ config, logger: createLogger('warn'), clock: createFixedClock(NOW), role: 'api' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
  try {
    await seedMeetings(server);
    mkdirSync(OUT, { recursive: true });
    const written = await shoot(browser, server.url);
    process.stdout.write(`${written.length} screenshots in ${OUT}/\n`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
