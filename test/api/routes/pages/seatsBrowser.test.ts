import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';
import { offerTokenFor } from '../../../helpers/waitlist.js';

const CHROMIUM = '/usr/bin/chromium';

describe('booking page of a group event type in a real browser (chromium)', function () {
  this.timeout(120_000);
  let server: RunningServer;
  let browser: Browser;
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const seat = (start: string, n: number) =>
    server.deps.services.booking.scheduleBooking({ user: 'gina', eventType: 'class', start, invitee: { name: `Guest ${n}`, email: `guest${n}@example.org`, timezone: 'UTC' } });

  before(async function () {
    this.timeout(300_000);
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
      this.skip();
    }
    await resetTestDb();
    server = await startTestServer({ clock });
    const host = await registerUser(apiClient(server.url), { name: 'Gina Host', username: 'gina', timezone: 'UTC' });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'class', title: 'Pottery class', kind: 'group', seats: 2, durationMinutes: 60, location: 'https://meet.example/pottery' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows seats left per time and, without JavaScript, a waitlist button for a full session; a freed seat is taken with one click', async () => {
    const first = await seat('2026-11-25T09:00:00Z', 1);
    await seat('2026-11-25T09:00:00Z', 2);
    await seat('2026-11-25T10:00:00Z', 3);
    const context = await browser.newContext({ javaScriptEnabled: false, timezoneId: 'UTC', locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/gina/class?timezone=UTC&date=2026-11-25`);
    expect(await page.getByRole('link', { name: 'Wednesday 25 November, 10:00, 1 of 2 seats left' }).textContent()).to.equal('10:00 1 of 2 seats left');
    expect(await page.getByRole('link', { name: 'Wednesday 25 November, 11:00, 2 of 2 seats left' }).count()).to.equal(1);
    expect(await page.getByRole('link', { name: /Wednesday 25 November, 09:00/ }).count(), 'a full session is not offered').to.equal(0);

    await page.getByRole('button', { name: 'Join the waitlist for Wednesday 25 November, 09:00' }).click();
    await page.getByLabel('Your name').fill('Wanda Wait');
    await page.getByLabel('Email').fill('wanda@example.org');
    await page.getByRole('button', { name: 'Join the waitlist' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('You are on the waitlist');
    expect(await page.getByRole('status').textContent()).to.include('number 1 in line');

    await server.deps.services.booking.cancelBooking(first.booking.id, {}, { manageToken: first.manageToken });
    const token = await offerTokenFor(server, 'wanda@example.org');
    await page.goto(`${server.url}/waitlist/${token}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('A seat is free: Pottery class');
    await page.getByRole('button', { name: 'Take the seat' }).click();
    await page.waitForURL(/\/meetings\/.+booked=1/);
    expect(await page.getByRole('status').first().textContent()).to.include('You are booked');
    expect(await page.locator('body').textContent()).to.include('Wanda Wait');
    await context.close();
  });
});
