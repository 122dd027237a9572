import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium, type BrowserContext } from 'playwright-core';
import type { RunningServer } from '../../server/compose.js';
import { resetTestDb } from '../helpers/db.js';
import { apiClient, registerUser, startTestServer } from '../helpers/server.js';
// @ts-expect-error plain JavaScript of the extension, without declarations
import { bookingLink, formatRange, normaliseServer, slotListText, todayRange } from '../../extension/yava.js';
// @ts-expect-error plain JavaScript build script, without declarations
import { buildExtension, iconPixel } from '../../scripts/build-extension.js';
import { encodePng } from '../../core/images/png.js';

const CHROMIUM = '/usr/bin/chromium';

describe('extension/yava.js (what the popup shows)', () => {
  it('reads a server address as typed into its origin, and refuses what is not one', () => {
    expect(normaliseServer(' yava.example.com/ ')).to.equal('https://yava.example.com');
    expect(normaliseServer('http://127.0.0.1:3000/app')).to.equal('http://127.0.0.1:3000');
    expect(normaliseServer('')).to.equal(null);
    expect(normaliseServer('ftp://x.org')).to.equal(null);
    expect(normaliseServer('http://')).to.equal(null);
  });

  it('reads an address typed without its scheme as http on this machine and https elsewhere', () => {
    expect(normaliseServer('127.0.0.1:3000')).to.equal('http://127.0.0.1:3000');
    expect(normaliseServer('localhost:3000/')).to.equal('http://localhost:3000');
    expect(normaliseServer('localhost')).to.equal('http://localhost');
    expect(normaliseServer('[::1]:3000')).to.equal('http://[::1]:3000');
    expect(normaliseServer('localhost.example.com')).to.equal('https://localhost.example.com');
    expect(normaliseServer('10.0.0.5:3000')).to.equal('https://10.0.0.5:3000');
  });

  it('writes times as the reader\u2019s locale does (12-hour for en-US, 24-hour for en-GB) in their zone', () => {
    const [start, end] = ['2026-12-02T14:00:00Z', '2026-12-02T14:30:00Z'];
    expect(formatRange(start, end, 'en-US', 'America/New_York')).to.match(/^Wed, Dec 2, 9:00\sAM–9:30\sAM$/);
    expect(formatRange(start, end, 'en-GB', 'Europe/Berlin')).to.equal('Wed 2 Dec, 15:00–15:30');
  });

  it('copies a slot list with its zone and the booking link; team event types have no link', () => {
    const type = { title: 'Intro call', durationMinutes: 30, owner: 'hela', slug: 'intro', team: null };
    const link = bookingLink('https://y.example', type);
    expect(link).to.equal('https://y.example/hela/intro');
    expect(bookingLink('https://y.example', { ...type, owner: null, team: 'sales' })).to.equal(null);
    const text = slotListText(type, [{ start: '2026-12-02T09:00:00Z', end: '2026-12-02T09:30:00Z' }], link, 'en-GB', 'America/Los_Angeles');
    expect(text).to.equal('Intro call (30 min), times in America/Los Angeles:\n• Wed 2 Dec, 1:00–1:30\n\nBook one: https://y.example/hela/intro');
  });

  it('takes today as local midnight to local midnight', () => {
    const { from, to } = todayRange(new Date(2026, 11, 2, 15, 30));
    expect(new Date(from).getHours()).to.equal(0);
    expect(Date.parse(to) - Date.parse(from)).to.be.within(23 * 3_600_000, 25 * 3_600_000);
    expect(new Date(from).getDate()).to.equal(2);
  });
});

describe('scripts/build-extension.js', () => {
  it('draws its PNG icons (core/images/png.ts) so a decoder reads them back: the signature, the size and the corner left transparent', () => {
    const png = encodePng(16, 16, 4, iconPixel(16));
    expect(png.subarray(0, 8)).to.deep.equal(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    expect(png.readUInt32BE(16)).to.equal(16);
    const idat = png.indexOf('IDAT');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect(raw.length).to.equal(16 * (16 * 4 + 1));
    expect(raw[1 + 3]).to.equal(0); // top-left corner: alpha 0
    expect([...raw.subarray(8 * 65 + 1 + 4, 8 * 65 + 1 + 8)]).to.deep.equal([79, 70, 229, 255]); // left edge, mid-height: indigo
  });

  it('packs a zip that an independent reader lists and verifies', function () {
    const dir = mkdtempSync(join(tmpdir(), 'yava-ext-'));
    try {
      const built = buildExtension(join(dir, 'unpacked'), join(dir, 'yava.zip'));
      const manifest = JSON.parse(readFileSync(join(built.dir, 'manifest.json'), 'utf8'));
      expect(manifest.manifest_version).to.equal(3);
      if (!existsSync('/usr/bin/python3')) return this.skip();
      const listing = execFileSync('python3', ['-c', 'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);assert z.testzip() is None;print("\\n".join(z.namelist()))', built.zip], { encoding: 'utf8' });
      expect(listing.trim().split('\n')).to.include.members(['manifest.json', 'popup.html', 'popup.js', 'yava.js', 'background.js', 'icons/icon-128.png']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** An Etc/GMT zone where the local time now is about midday, so "today" has room either side. */
function middayZone(now = new Date()): string {
  const offset = Math.max(-12, Math.min(12, 12 - now.getUTCHours()));
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

describe('the extension loaded unpacked into Chromium', function () {
  this.timeout(90_000);
  let server: RunningServer;
  let context: BrowserContext;
  let dir: string;
  const zone = middayZone();

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
      this.skip();
    }
    await resetTestDb();
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'yava-ext-'));
    const built = buildExtension(join(dir, 'unpacked'), join(dir, 'yava.zip'));
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: false,
      env: { ...process.env, TZ: zone },
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', `--disable-extensions-except=${built.dir}`, `--load-extension=${built.dir}`],
    });
  });
  after(async () => {
    await context?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The popup page, signed out (the session in chrome.storage is shared by every page of the profile). */
  async function openPopup() {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const page = await context.newPage();
    await page.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);
    await page.evaluate('chrome.storage.local.clear()');
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    return page;
  }

  /** A personal access token of a new user. */
  async function userWithToken(username: string) {
    const call = apiClient(server.url);
    const host = await registerUser(call, { name: `${username} Host`, username, timezone: zone });
    const pat = await call('POST', '/api/tokens', { token: host.accessToken, body: { name: 'extension' } });
    expect(pat.status, pat.text).to.equal(201);
    return { call, host, pat: pat.body as { id: string; token: string } };
  }

  it('signs in with a personal access token and lists today\u2019s meetings and the next free times', async () => {
    const call = apiClient(server.url);
    const host = await registerUser(call, { name: 'Hela Host', username: 'hela', timezone: zone });
    await server.deps.services.scheduling.createEventType(host.user.id, { slug: 'intro', title: 'Intro call', durationMinutes: 30 });
    const start = new Date(Math.ceil((Date.now() + 3_600_000) / 300_000) * 300_000).toISOString();
    const made = await call('POST', '/api/meetings', { token: host.accessToken, body: { start, durationMinutes: 30, title: 'Standup with Ada' } });
    expect(made.status, made.text).to.equal(201);
    const pat = await call('POST', '/api/tokens', { token: host.accessToken, body: { name: 'extension' } });
    expect(pat.status, pat.text).to.equal(201);

    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(worker.url()).host;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/popup.html`);
    await page.getByLabel('Server').fill(server.url);
    await page.getByLabel('Personal access token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('A personal access token starts with yava_pat_').waitFor();
    await page.getByLabel('Personal access token').fill(pat.body.token);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const today = page.locator('#today li');
    await today.filter({ hasText: 'Standup with Ada' }).waitFor();
    expect(await today.count()).to.equal(1);
    await page.locator('#slots li').first().waitFor();
    expect(await page.locator('#event-type option').allTextContents()).to.deep.equal(['Intro call (30 min)']);
    expect(await page.locator('#slots li').count()).to.be.within(1, 5);
    expect(await page.getByRole('button', { name: 'Copy booking link' }).isEnabled()).to.equal(true);

    // Reopened, the popup is still signed in (the session is in chrome.storage).
    await page.reload();
    await page.locator('#today li').filter({ hasText: 'Standup with Ada' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('with no event types yet, says how to create one and disables both copy buttons', async () => {
    const { pat } = await userWithToken('nora');
    const page = await openPopup();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.getByLabel('Server').fill(server.url);
    await page.getByLabel('Personal access token').fill(pat.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('No event types yet: create one with `yava event-types create` or in the dashboard').waitFor();
    expect(await page.getByRole('button', { name: 'Copy booking link' }).isDisabled()).to.equal(true);
    expect(await page.getByRole('button', { name: 'Copy times' }).isDisabled()).to.equal(true);
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('with a token revoked since sign-in, forgets it at start-up and shows the sign-in form with the server filled in', async () => {
    const { call, host, pat } = await userWithToken('rhea');
    const page = await openPopup();
    await page.getByLabel('Server').fill(server.url);
    await page.getByLabel('Personal access token').fill(pat.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const revoked = await call('DELETE', `/api/tokens/${pat.id}`, { token: host.accessToken });
    expect(revoked.status, revoked.text).to.equal(204);

    await page.reload();
    await page.getByText('The token was refused').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.locator('#signed-in').isHidden()).to.equal(true);
    expect(await page.getByRole('button', { name: 'Sign out' }).isHidden()).to.equal(true);
    expect(await page.getByLabel('Server').inputValue()).to.equal(server.url);
    expect(await page.evaluate('chrome.storage.local.get("session")')).to.deep.equal({});
    await page.close();
  });

  it('says an address that answers HTML on /api/me is not a Yava server', async () => {
    const other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Router</title>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const page = await openPopup();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.getByLabel('Server').fill(`http://127.0.0.1:${(other.address() as AddressInfo).port}`);
      await page.getByLabel('Personal access token').fill('yava_pat_whatever');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('That address is not a Yava server (no JSON answer from /api/me)').waitFor();
      expect(await page.locator('#signed-in').isHidden()).to.equal(true);
      expect(await page.evaluate('chrome.storage.local.get("session")')).to.deep.equal({});
      expect(errors).to.deep.equal([]);
      await page.close();
    } finally {
      other.close();
    }
  });

  it('signs in with a local address typed without its scheme, over http', async () => {
    const { pat } = await userWithToken('sami');
    const page = await openPopup();
    const bare = server.url.replace(/^http:\/\//, '');
    await page.getByLabel('Server').fill(bare);
    await page.getByLabel('Personal access token').fill(pat.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 5000 });
    expect(await page.evaluate('chrome.storage.local.get("session").then((s) => s.session.server)')).to.equal(server.url);
    await page.close();
  });
});
