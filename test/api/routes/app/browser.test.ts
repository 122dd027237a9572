import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { startFakeSlack, type FakeSlack } from '../../../fakes/slack.js';
import { resetTestDb } from '../../../helpers/db.js';
import { createEventType, createHost } from '../../../helpers/scheduling.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { SLACK_SECRET, slackDriver } from '../../../helpers/slack.js';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery staple';
const FIRST_CONTENTFUL_PAINT = `new Promise((resolve) => {
  new PerformanceObserver((list) => { const e = list.getEntriesByName('first-contentful-paint')[0]; if (e) resolve(e.startTime); }).observe({ type: 'paint', buffered: true });
  setTimeout(() => resolve(Infinity), 5000);
})`;

describe('dashboard in a real browser (chromium): sign-in, actions, offline, chat linking, a11y and budgets', function () {
  this.timeout(90_000);
  // Tuesday 24 Nov 2026, 08:00 UTC; hela works 09–17 in Berlin.
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  let server: RunningServer;
  let slack: FakeSlack;
  let call: ApiCall;
  let browser: Browser;
  const ids: Record<string, string> = {};

  before(async function () {
    this.timeout(180_000);
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
      this.skip();
    }
    await resetTestDb();
    slack = await startFakeSlack();
    server = await startTestServer({ clock, env: { SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.apiUrl } });
    call = apiClient(server.url);
    const host = await createHost(call, 'hela', { timezone: 'Europe/Berlin' });
    await createEventType(call, host.token, { slug: 'intro', title: 'Intro call' });
    await createEventType(call, host.token, { slug: 'vip', title: 'VIP call', requiresApproval: true });
    const book = async (key: string, eventType: string, start: string, name: string) => {
      const res = await call('POST', '/api/meetings/schedule', { body: { user: 'hela', eventType, start, invitee: { name, email: `${name.toLowerCase()}@example.org`, timezone: 'America/New_York' } } });
      expect(res.status, res.text).to.equal(201);
      ids[key] = res.body.id;
    };
    await book('pending', 'vip', '2026-11-25T09:00:00Z', 'Penny');
    await book('move', 'intro', '2026-11-24T10:00:00Z', 'Mona');
    await book('offline', 'intro', '2026-11-24T12:00:00Z', 'Otto');
    await book('conflict', 'intro', '2026-11-24T14:00:00Z', 'Cleo');
    slack.addUser({ id: 'UNEW', email: 'someone@elsewhere.example', tz: 'Asia/Tokyo', name: 'new' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await slack?.close();
  });

  async function signedIn(options: { colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light', locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: { width: options.width ?? 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/app`);
    await page.getByLabel('Email').fill('hela@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Hello, / }).waitFor();
    return { context, page };
  }
  const status = async (id: string) => (await server.deps.db('bookings').where({ id }).first()).status as string;

  it('signs in, shows the dashboard, approves a request, reschedules from the summary page and shows live activity', async () => {
    const { context, page } = await signedIn();
    await page.getByRole('button', { name: /^Approve VIP call/ }).click();
    await page.getByText('Request approved').waitFor();
    expect(await status(ids.pending!)).to.equal('scheduled');

    await page.goto(`${server.url}/app/meetings/${ids.move}`);
    await page.getByRole('link', { name: 'Reschedule' }).click();
    await page.getByRole('button', { name: /^Move to / }).first().click();
    await page.getByText('Rescheduled; everyone gets the new time.').waitFor();
    const row = await server.deps.db('bookings').where({ id: ids.move }).first();
    expect(new Date(row.start_at).toISOString()).not.to.equal('2026-11-24T10:00:00.000Z');

    // Live: a booking made elsewhere shows up through the notifications stream.
    const streaming = page.waitForResponse((res) => res.url().endsWith('/api/notifications/stream'));
    await page.goto(`${server.url}/app`);
    expect((await streaming).status()).to.equal(200);
    await call('POST', '/api/meetings/schedule', { body: { user: 'hela', eventType: 'intro', start: '2026-11-26T09:00:00Z', invitee: { name: 'Liv', email: 'liv@example.org', timezone: 'UTC' } } });
    await page.locator('#app-status').getByText(/reload to see it/).waitFor();
    await context.close();
  });

  it('lets the browser read the app manifest (the page policy allows it), so the dashboard can be installed', async () => {
    const { context, page } = await signedIn();
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] };
    expect(manifest.url).to.match(/\/app\/manifest\.webmanifest$/);
    expect(manifest.errors).to.deep.equal([]);
    await context.close();
  });

  it('keeps the week readable offline, queues a cancel made offline and syncs it when back online', async () => {
    const { context, page } = await signedIn();
    await page.evaluate('navigator.serviceWorker.ready');
    await page.goto(`${server.url}/app/meetings/${ids.offline}`);
    expect(await page.evaluate('Boolean(navigator.serviceWorker.controller)')).to.equal(true);
    await page.goto(`${server.url}/app/week?from=2026-11-23`);

    await context.setOffline(true);
    const offlineWeek = await page.reload();
    expect(offlineWeek!.fromServiceWorker(), 'the service worker answers').to.equal(true);
    await page.getByText('Intro call').first().waitFor();
    await page.getByText('You are offline').waitFor();
    await page.goto(`${server.url}/app/meetings/${ids.offline}`);
    await page.getByLabel('Reason for canceling (sent to everyone)').fill('Travel');
    await page.getByRole('button', { name: 'Cancel meeting' }).click();
    await page.getByText(/"Cancel meeting" is queued/).waitFor();
    expect(await status(ids.offline!), 'nothing is sent while offline').to.equal('scheduled');

    await context.setOffline(false);
    await page.getByText('Synced 1 change(s).').waitFor();
    expect(await status(ids.offline!)).to.equal('canceled');
    await page.reload();
    expect(await page.locator('h1 .status').textContent()).to.equal('Canceled');
    await context.close();
  });

  it('shows a conflict instead of overwriting when the meeting changed while the edit waited offline', async () => {
    const { context, page } = await signedIn();
    await page.evaluate('navigator.serviceWorker.ready');
    await page.goto(`${server.url}/app/meetings/${ids.conflict}`);
    await context.setOffline(true);
    await page.getByLabel('Only hosts see these').fill('My offline note');
    await page.getByRole('button', { name: 'Save notes' }).click();
    await page.getByText(/"Save notes" is queued/).waitFor();
    // Meanwhile the notes change from another session.
    const hela = await server.deps.db('users').where({ username: 'hela' }).first();
    await server.deps.services.booking.updateHostNotes(ids.conflict!, { hostNotes: 'Written elsewhere' }, { userId: hela.id });
    await context.setOffline(false);
    await page.getByRole('alert').filter({ hasText: 'Conflict' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Conflict' }).textContent()).to.include('changed on the server');
    expect((await server.deps.db('bookings').where({ id: ids.conflict }).first()).host_notes).to.equal('Written elsewhere');
    await context.close();
  });

  it('adds a day off under Date overrides (by keyboard) and the booking page stops offering that day', async () => {
    const { context, page } = await signedIn();
    const thursday = page.getByRole('link', { name: /^Thursday 26 November, \d+ times? free$/ });
    await page.goto(`${server.url}/hela/intro`);
    expect(await thursday.count(), 'a working day before').to.equal(1);
    await page.goto(`${server.url}/app/hours`);
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Date overrides' }).click();
    await page.getByLabel('Date', { exact: true }).fill('2026-11-26');
    await page.getByLabel('Closed all day').check();
    await page.getByRole('button', { name: 'Add override' }).press('Enter');
    await page.getByText('Override saved.').waitFor();
    expect(await page.getByRole('row', { name: /Thursday 26 November 2026 Closed all day/ }).count()).to.equal(1);
    await page.goto(`${server.url}/hela/intro`);
    await page.getByRole('link', { name: /^Friday 27 November, \d+ times? free$/ }).waitFor();
    expect(await thursday.count(), 'no times on the day off').to.equal(0);
    await context.close();
  });

  it('keeps a range until midnight when the hours are saved unchanged', async () => {
    const { context, page } = await signedIn();
    const hela = (await server.deps.db('users').where({ username: 'hela' }).first()).id as string;
    const before = await server.deps.services.scheduling.getSchedule(hela);
    const weekly = [...before.weekly.filter((r) => r.day !== 'sat'), { day: 'sat' as const, start: '18:00', end: '24:00' }];
    await server.deps.services.scheduling.saveSchedule(hela, { ...before, weekly });
    await page.goto(`${server.url}/app/hours`);
    await page.getByRole('button', { name: 'Save hours' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await server.deps.services.scheduling.getSchedule(hela)).weekly).to.deep.equal(weekly);
    await server.deps.services.scheduling.saveSchedule(hela, before);
    await context.close();
  });

  it('links a Slack user who opens the /meet link URL and presses Confirm; /meet help answers before that', async () => {
    const { slash } = slackDriver(server, slack, clock);
    const help = await slash('help', 'UNEW');
    expect(help.last!.text).to.include('/meet list').and.include('/meet link');
    const link = await slash('link', 'UNEW');
    const url = /(https?:\/\/\S+\/app\/link\?code=yava_link_[\w-]+)/.exec(link.last!.text)![1]!;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url.replace(/^https?:\/\/[^/]+/, server.url));
    await page.getByLabel('Email').fill('hela@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Link your Slack account' }).waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Slack account linked').waitFor();
    const linked = await slash('link', 'UNEW');
    expect(linked.last!.text).to.include('@hela');
    await context.close();
  });

  it('signs up from the sign-in page with the browser’s time zone chosen and lands signed in on the dashboard; the form has no serious axe-core violations', async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Asia/Kolkata' });
    const page = await context.newPage();
    await page.goto(`${server.url}/app/login`);
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.getByRole('heading', { name: 'Create your Yava account' }).waitFor();
    const zone = await page.getByLabel('Time zone').inputValue();
    expect(zone, 'the browser may name the zone by its older name').to.be.oneOf(['Asia/Kolkata', 'Asia/Calcutta']);
    await page.evaluate(axe.source);
    const result = (await page.evaluate('axe.run()')) as { violations: Array<{ id: string; impact: string; help: string }> };
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).to.deep.equal([]);
    await page.getByLabel('Name', { exact: true }).fill('Priya');
    await page.getByLabel('Email').fill('priya@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Hello, Priya' }).waitFor();
    // This server has no SMTP_URL: the welcome says where the confirmation link is instead of "check your email".
    await page.getByText('This server sends no e-mail').waitFor();
    expect((await server.deps.db('users').where({ email: 'priya@example.org' }).first()).timezone).to.equal(zone);
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`dashboard pages (meetings, week, heatmap, a meeting, settings with date overrides and quiet hours): no serious or critical axe-core violations (${colorScheme}); the dashboard ships < 50 kB JS compressed and paints < 1 s`, async () => {
      const { context, page } = await signedIn({ colorScheme });
      const scripts: Buffer[] = [];
      page.on('response', async (res) => {
        if (res.request().resourceType() === 'script') scripts.push(await res.body().catch(() => Buffer.alloc(0)));
      });
      await page.goto(`${server.url}/app`, { waitUntil: 'load' });
      await page.reload({ waitUntil: 'load' });
      expect(Number(await page.evaluate(FIRST_CONTENTFUL_PAINT)), 'first contentful paint (ms)').to.be.below(1000);
      expect(scripts.length).to.be.above(0);
      expect(scripts.reduce((sum, body) => sum + gzipSync(body).length, 0), 'JavaScript bytes, gzip').to.be.below(50_000);
      for (const path of ['/app', '/app/week?from=2026-11-23', '/app/heatmap', `/app/meetings/${ids.move}`, '/app/event-types', '/app/hours', '/app/overrides', '/app/calendars', '/app/notifications', '/app/quiet-hours', '/app/billing', '/app/admin']) {
        await page.goto(`${server.url}${path}`);
        await page.evaluate(axe.source);
        const result = (await page.evaluate('axe.run()')) as { violations: Array<{ id: string; impact: string; help: string }> };
        const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${path}: ${v.id}: ${v.help}`);
        expect(serious).to.deep.equal([]);
      }
      await context.close();
    });
  }

  it('moves between the days of the week with the arrow keys and fits a 390 px screen', async () => {
    const { context, page } = await signedIn({ width: 390 });
    // The forms fit too (a fieldset does not shrink below its content unless told).
    for (const path of ['/app/overrides', '/app/hours', '/app/quiet-hours']) {
      await page.goto(`${server.url}${path}`);
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), path).to.equal(true);
    }
    await page.goto(`${server.url}/app/week?from=2026-11-23`);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).to.equal(true);
    await page.locator('.day').first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate('document.activeElement.querySelector("h2").textContent')).to.equal('Tuesday 24 Nov');
    await page.keyboard.press('n');
    await page.waitForURL(/from=2026-11-30/);
    await context.close();
  });

  it('leaves the week’s shortcuts alone with a modifier held (Ctrl+P prints) and in editable text', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${server.url}/app/week?from=2026-11-23`);
    const navigations: string[] = [];
    page.on('request', (req) => {
      if (req.isNavigationRequest()) navigations.push(req.url());
    });
    // Records, after the dashboard's handler, whether it took each key.
    await page.evaluate(`window.taken = []; window.addEventListener('keydown', (e) => /^(Control|Alt|Meta|Shift)$/.test(e.key) || window.taken.push(e.key + (e.defaultPrevented ? ' taken' : ' left')));`);
    await page.locator('.day').first().focus();
    for (const key of ['Control+p', 'Alt+p', 'Meta+p', 'Control+n', 'Shift+PageDown', 'Alt+ArrowRight']) await page.keyboard.press(key);
    await page.evaluate(`(() => { const note = document.createElement('div'); note.contentEditable = 'true'; note.id = 'note'; document.querySelector('main').append(note); })()`);
    await page.locator('#note').focus();
    await page.keyboard.press('p');
    expect(await page.evaluate('window.taken')).to.deep.equal(['p left', 'p left', 'p left', 'n left', 'PageDown left', 'ArrowRight left', 'p left']);
    expect(navigations).to.deep.equal([]);
    expect(page.url()).to.include('from=2026-11-23');
    await context.close();
  });
});
