import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';

describe('booking page in a real browser (chromium)', function () {
  this.timeout(60_000);
  let server: RunningServer;
  let browser: Browser;
  const clock = createFixedClock('2026-11-24T08:00:00Z');

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
      this.skip();
    }
    await resetTestDb();
    server = await startTestServer({ clock });
    const call = apiClient(server.url);
    const host = await registerUser(call, { name: 'Hela Host', username: 'hela', timezone: 'Europe/Berlin' });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro call', description: 'A first 30-minute chat.', durationMinutes: 30, location: 'Video call' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('books in the visitor\u2019s zone (Los Angeles, host in Berlin), confirms, and cancels from the summary page', async () => {
    const context = await browser.newContext({ timezoneId: 'America/Los_Angeles', locale: 'en-US', viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });

    await page.goto(`${server.url}/hela/intro`);
    // The page detects the zone with Intl and reloads with it.
    await page.waitForURL(/timezone=America%2FLos_Angeles/);
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).to.equal('Available times (America/Los Angeles)');
    expect(await page.getByLabel('Time zone').inputValue()).to.equal('America/Los_Angeles');

    // 09:00 in Berlin on Wednesday is 00:00 in Los Angeles.
    await page.getByRole('link', { name: 'Wednesday 25 November, 00:00' }).click();
    await page.getByLabel('Your name').fill('Lou <script>alert(1)</script>');
    await page.getByLabel('Email').fill('lou@example.com');
    await page.getByLabel('Notes').fill('Looking forward to it');
    await page.getByRole('button', { name: 'Confirm booking' }).click();

    await page.getByText('You are booked').waitFor();
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).to.include('Wednesday 25 November 2026, 00:00–00:30').and.include('America/Los Angeles');
    expect(facts).to.include('Wednesday 25 November 2026, 09:00–09:30').and.include('Europe/Berlin');
    expect(facts).to.include('Lou <script>alert(1)</script>'); // shown as text, never run
    expect(await page.getByRole('link', { name: 'Download .ics' }).getAttribute('href')).to.match(/\.ics\?token=/);
    await page.screenshot({ path: `${ARTIFACTS}/booking-confirmation.png`, fullPage: true });

    await page.getByLabel('Reason for canceling').fill('Something came up');
    await page.getByRole('button', { name: 'Cancel meeting' }).click();
    await page.getByText('The meeting is canceled').waitFor();
    expect(await page.locator('.status').innerText()).to.equal('Canceled');
    await page.screenshot({ path: `${ARTIFACTS}/booking-canceled.png`, fullPage: true });
    expect(violations).to.deep.equal([]);

    const [row] = await server.deps.db('bookings').select('status');
    expect(row.status).to.equal('canceled');
    await context.close();
  });

  it('is usable on a phone and with the keyboard', async () => {
    const context = await browser.newContext({ timezoneId: 'Asia/Kolkata', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/hela/intro?timezone=Asia/Kolkata&date=2026-11-25`);
    // No horizontal scrolling on a narrow screen.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).to.equal(true);
    await page.screenshot({ path: `${ARTIFACTS}/booking-slots-phone.png`, fullPage: false });
    // Keyboard: the skip link comes first and the slots are reachable with Tab.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).to.equal('Skip to content');
    await context.close();
  });
});
