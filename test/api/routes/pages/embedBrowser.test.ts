import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { RunningServer } from '../../../../server/compose.js';
import { createFixedClock } from '../../../../core/clock.js';
import { resetTestDb } from '../../../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../../../helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';

/** The host's own site, on another origin: embed.js puts the booking page inline and records the events. */
function hostSitePage(yavaUrl: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme</title>
<script src="${yavaUrl}/embed/v1/embed.js"></script></head><body><h1>Book a call with Acme</h1>
<div id="booking" data-yava-inline="${yavaUrl}/hela/intro?timezone=UTC&date=2026-11-25" data-yava-name="Pat Parent" data-yava-email="pat@example.com"></div>
<script>window.yavaEvents = []; ['yava:page_height', 'yava:slot_selected', 'yava:booking_created'].forEach(function (t) { document.addEventListener(t, function (e) { window.yavaEvents.push(e.detail); }); });</script>
</body></html>`;
}

describe('embed.js on another origin (chromium)', function () {
  this.timeout(120_000);
  let server: RunningServer;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  const clock = createFixedClock('2026-11-24T08:00:00Z');

  before(async function () {
    this.timeout(300_000);
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
      this.skip();
    }
    await resetTestDb();
    server = await startTestServer({ clock });
    site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(hostSitePage(server.url)));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const call = apiClient(server.url);
    const host = await registerUser(call, { name: 'Hela Host', username: 'hela', timezone: 'UTC' });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro call', durationMinutes: 30 });
    const saved = await call('PUT', '/api/me/embed-origins', { token: host.accessToken, body: { origins: [`${siteUrl}/`] } });
    expect(saved.body).to.deep.equal({ origins: [siteUrl] });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await server?.close();
  });

  it('lets only the allowed origins frame a page opened with embed=1', async () => {
    const framed = await fetch(`${server.url}/hela/intro?embed=1`);
    expect(framed.headers.get('content-security-policy')).to.include(`frame-ancestors 'self' ${siteUrl}`).and.include("script-src 'self'");
    expect(framed.headers.get('x-frame-options')).to.equal(null);
    const plain = await fetch(`${server.url}/hela/intro`);
    expect(plain.headers.get('content-security-policy')).to.include("frame-ancestors 'none'");
    expect(plain.headers.get('x-frame-options')).to.equal('DENY');
    const js = await fetch(`${server.url}/embed/v1/embed.js`);
    expect(js.headers.get('content-type')).to.match(/^text\/javascript/);
    expect((await js.text()).length, 'embed.js stays small').to.be.below(8_000);
  });

  it('books a slot inside the iframe; the parent hears page_height, slot_selected and booking_created with the meeting id', async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'UTC', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(siteUrl);
    const frame = page.frameLocator('#booking iframe');
    await frame.locator('ul.slots').getByRole('link', { name: 'Wednesday 25 November, 09:00' }).click();
    expect(await frame.getByLabel('Your name').inputValue(), 'prefilled by the embed').to.equal('Pat Parent');
    expect(await frame.getByLabel('Email').inputValue()).to.equal('pat@example.com');
    await frame.getByRole('button', { name: 'Confirm booking' }).click();
    await frame.getByText('You are booked').waitFor();
    await page.waitForFunction('window.yavaEvents.some(function (e) { return e.type === "yava:booking_created"; })');
    const events = (await page.evaluate('window.yavaEvents')) as Array<Record<string, unknown>>;
    const [row] = await server.deps.db('bookings').select('id');
    expect(events.find((e) => e.type === 'yava:booking_created')).to.deep.include({ meetingId: row.id, status: 'scheduled' });
    expect(events.find((e) => e.type === 'yava:slot_selected')).to.deep.include({ start: '2026-11-25T09:00:00.000Z', end: '2026-11-25T09:30:00.000Z' });
    const heights = events.filter((e) => e.type === 'yava:page_height').map((e) => e.height as number);
    expect(heights.length).to.be.above(0);
    // The iframe took the page's height (embed.js sizes it from yava:page_height).
    const frameHeight = await page.evaluate("document.querySelector('#booking iframe').getBoundingClientRect().height");
    expect(frameHeight).to.equal(heights.at(-1));
    // Reschedule stays inside the frame (the picker is framable too), and so does Cancel.
    await frame.getByRole('link', { name: 'Reschedule' }).click();
    await frame.getByRole('heading', { name: 'Reschedule: Intro call' }).waitFor();
    await frame.locator('ul.slots a').first().click();
    await frame.getByRole('button', { name: 'Move the meeting' }).click();
    await frame.getByText('Rescheduled.').waitFor();
    await frame.getByRole('button', { name: 'Cancel meeting' }).click();
    await frame.getByText('The meeting is canceled').waitFor();
    await context.close();
  });
});
