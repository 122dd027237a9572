/**
 * The dashboard's page frame: its own stylesheet (/assets/dashboard.css) and one small script
 * (/assets/dashboard.js), the manifest of the installable app, the CSRF token its scripts send
 * in X-CSRF-Token, and the navigation. Strict CSP as the booking pages: no inline code.
 */
import { html, type SafeHtml } from '../../../core/notify/html.js';
import { DASHBOARD_ASSET_VERSION } from '../pages/dashboardAssets.js';

export interface Viewer {
  username: string;
  name: string;
  timezone: string;
  role: 'admin' | 'user';
}

export interface AppLayoutOptions {
  /** The CSRF token for the page's forms and scripts. */
  csrf: string;
  viewer?: Viewer;
  /** Which navigation entry is current. */
  current?: string;
}

const NAV: Array<{ href: string; label: string; admin?: boolean }> = [
  { href: '/app', label: 'Meetings' },
  { href: '/app/week', label: 'Week' },
  { href: '/app/heatmap', label: 'Heatmap' },
  { href: '/app/event-types', label: 'Event types' },
  { href: '/app/hours', label: 'Hours' },
  { href: '/app/overrides', label: 'Date overrides' },
  { href: '/app/calendars', label: 'Calendars' },
  { href: '/app/notifications', label: 'Notifications' },
  { href: '/app/quiet-hours', label: 'Quiet hours' },
  { href: '/app/billing', label: 'Billing' },
  { href: '/app/admin', label: 'Admin', admin: true },
];

function navigation(options: AppLayoutOptions): SafeHtml {
  const viewer = options.viewer;
  if (!viewer) return html``;
  const items = NAV.filter((n) => !n.admin || viewer.role === 'admin').map(
    (n) => html`<li><a href="${n.href}"${n.href === options.current ? html` aria-current="page"` : ''}>${n.label}</a></li>`,
  );
  return html`<nav class="app-nav" aria-label="Dashboard"><ul>${items}</ul></nav>
<form class="signout" method="post" action="/app/logout"><input type="hidden" name="_csrf" value="${options.csrf}"><span class="who">@${viewer.username}</span><button type="submit" class="link">Sign out</button><button type="submit" class="link" name="everywhere" value="on">everywhere</button></form>`;
}

/** A whole dashboard page. */
export function appLayout(title: string, body: SafeHtml, options: AppLayoutOptions): string {
  const v = DASHBOARD_ASSET_VERSION;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<meta name="theme-color" content="#0b57d0">
<meta name="csrf-token" content="${options.csrf}">
<title>${title} · Yava</title>
<link rel="manifest" href="/app/manifest.webmanifest">
<link rel="icon" href="/app/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/dashboard.css?v=${v}">
<script src="/assets/dashboard.js?v=${v}" defer></script>
</head>
<body${options.viewer ? html` data-user="${options.viewer.username}"` : ''}>
<a class="skip" href="#main">Skip to content</a>
<header class="app-bar"><a class="brand" href="/app">Yava</a>${navigation(options)}</header>
<div class="app-status" id="app-status" role="status" aria-live="polite" hidden></div>
<main id="main" class="app-main">
${body}
</main>
</body>
</html>`.value;
}
