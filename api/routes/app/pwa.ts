/**
 * The dashboard as an installable app: /app/manifest.webmanifest, its icons (SVG, and PNGs of
 * 192 and 512 px drawn here with node:zlib), and the service worker /app/sw.js (scope /app).
 * The worker keeps the dashboard's shell and the pages you open (plus /app and /app/week,
 * fetched when it installs) so upcoming meetings and the week stay readable offline; pages come
 * from the network first, so online you always see the current state. Signing out clears them.
 */
import type Router from '@koa/router';
import type { AppState } from '../../context.js';
import { encodePng } from '../../../core/images/png.js';
import { DASHBOARD_ASSET_VERSION } from '../pages/dashboardAssets.js';

const ACCENT = [11, 87, 208];

export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#0b57d0"/><rect x="14" y="16" width="36" height="34" rx="4" fill="#fff"/><rect x="14" y="16" width="36" height="9" rx="4" fill="#c7d7fb"/><circle cx="24" cy="33" r="3" fill="#0b57d0"/><circle cx="32" cy="33" r="3" fill="#0b57d0"/><circle cx="40" cy="33" r="3" fill="#0b57d0"/><circle cx="24" cy="42" r="3" fill="#0b57d0"/><circle cx="32" cy="42" r="3" fill="#0b57d0"/></svg>`;

/** A square PNG of the icon (full bleed, so it also works as a maskable icon). */
export function iconPng(size: number): Buffer {
  const page = { l: size * 0.22, t: size * 0.25, r: size * 0.78, b: size * 0.78 };
  return encodePng(size, size, 3, (x, y) => {
    const onPage = x >= page.l && x < page.r && y >= page.t && y < page.b;
    const header = onPage && y < page.t + (page.b - page.t) * 0.26;
    return !onPage ? ACCENT : header ? [199, 215, 251] : [255, 255, 255];
  });
}

export const MANIFEST = {
  name: 'Yava',
  short_name: 'Yava',
  description: 'Your meetings, week and requests',
  id: '/app',
  start_url: '/app',
  scope: '/app',
  display: 'standalone',
  background_color: '#f5f6fa',
  theme_color: '#0b57d0',
  icons: [
    { src: '/app/icon.svg', sizes: 'any', type: 'image/svg+xml' },
    { src: '/app/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any maskable' },
    { src: '/app/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
  ],
};

/** The service worker; its text changes with the assets, so browsers install the new one. */
export const SERVICE_WORKER = `'use strict';
var V = '${DASHBOARD_ASSET_VERSION}';
var SHELL = 'yava-shell-' + V;
var PAGES = 'yava-pages';
var SHELL_FILES = ['/assets/dashboard.css?v=' + V, '/assets/dashboard.js?v=' + V, '/app/icon.svg', '/app/manifest.webmanifest'];
var OFFLINE = '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline \\u00b7 Yava</title><link rel="stylesheet" href="/assets/dashboard.css?v=' + V + '"><main class="app-main"><h1>You are offline</h1><p>This page was not saved for offline use. <a href="/app">Your meetings</a> and <a href="/app/week">your week</a> are.</p></main></html>';

function keep(request, response) {
  if (!response || !response.ok || response.redirected || response.type !== 'basic') return Promise.resolve();
  return caches.open(PAGES).then(function (cache) { return cache.put(request, response); });
}

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_FILES); }).then(function () {
    // The pages worth having offline, fetched now with the session cookie.
    return Promise.all(['/app', '/app/week'].map(function (path) { return fetch(path, { credentials: 'same-origin' }).then(function (res) { return keep(new Request(path), res); }).catch(function () {}); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf('yava-shell-') === 0 && n !== SHELL; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && (url.pathname === '/app' || url.pathname.indexOf('/app/') === 0)) {
    event.respondWith(fetch(request).then(function (response) {
      var copy = response.clone();
      return keep(new Request(url.pathname + url.search), copy).then(function () { return response; });
    }).catch(function () {
      return caches.match(url.pathname + url.search, { cacheName: PAGES }).then(function (hit) {
        return hit || new Response(OFFLINE, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
      });
    }));
    return;
  }
  if (url.pathname.indexOf('/assets/dashboard.') === 0 || url.pathname.indexOf('/app/icon') === 0 || url.pathname === '/app/manifest.webmanifest') {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
  }
});
`;

export function mountPwa(router: Router<AppState>): void {
  const icons: Record<string, Buffer> = { '/app/icon-192.png': iconPng(192), '/app/icon-512.png': iconPng(512) };
  router.get('/app/manifest.webmanifest', (ctx) => {
    ctx.type = 'application/manifest+json';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = JSON.stringify(MANIFEST);
  });
  router.get('/app/icon.svg', (ctx) => {
    ctx.type = 'image/svg+xml';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = ICON_SVG;
  });
  router.get(['/app/icon-192.png', '/app/icon-512.png'], (ctx) => {
    ctx.type = 'image/png';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = icons[ctx.path];
  });
  router.get('/app/sw.js', (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    // Browsers check for a new worker on every visit; the scope covers /app itself.
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('Service-Worker-Allowed', '/app');
    ctx.body = SERVICE_WORKER;
  });
}
