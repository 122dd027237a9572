/**
 * The frame of every server-rendered page: head (title, description, canonical, robots, Open
 * Graph and Twitter cards, JSON-LD), the brand (colour through a stylesheet URL, never inline
 * style, so the CSP stays strict), the header and the "Powered by Yava" footer.
 */
import { html, raw, type SafeHtml } from '../../../core/notify/html.js';

export interface PageMeta {
  description?: string;
  /** Absolute URL of the page's one public address. */
  canonical?: string;
  /** Private pages (manage links, forms): kept out of search engines. */
  noindex?: boolean;
  /** Absolute URL of the preview image (Open Graph, Twitter). */
  image?: string;
  /** schema.org objects, written as one `application/ld+json` block (data, not script: the CSP allows it). */
  jsonLd?: unknown;
  /** Inside another site's iframe (embed.js): no header or footer, and the frame script. */
  embed?: boolean;
}

export interface Brand {
  name?: string;
  /** "#rrggbb" */
  color?: string | null;
  logoUrl?: string | null;
  hideBranding?: boolean;
}

/** Two initials in a circle, or the picture when there is one. */
export function avatar(name: string, url?: string | null): SafeHtml {
  if (url) return html`<img class="avatar" src="${url}" alt="" width="48" height="48">`;
  const initials = name
    .split(/[\s,]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  return html`<span class="avatar" aria-hidden="true">${initials || '?'}</span>`;
}

const HEX = /^#[0-9a-f]{6}$/i;

/** JSON for a `<script type="application/ld+json">`: `<` escaped so no value can close the block. */
const jsonLdText = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function head(title: string, meta: PageMeta, brand: Brand, v: string): SafeHtml {
  const fullTitle = brand.hideBranding ? title : `${title} · Yava`;
  return html`<title>${fullTitle}</title>
${meta.description ? html`<meta name="description" content="${meta.description}">` : ''}
${meta.noindex ? html`<meta name="robots" content="noindex, nofollow">` : ''}
${meta.canonical ? html`<link rel="canonical" href="${meta.canonical}">` : ''}
${
  meta.canonical && !meta.noindex
    ? html`<meta property="og:type" content="website"><meta property="og:title" content="${title}"><meta property="og:url" content="${meta.canonical}">
${meta.description ? html`<meta property="og:description" content="${meta.description}">` : ''}
${meta.image ? html`<meta property="og:image" content="${meta.image}"><meta name="twitter:card" content="summary_large_image"><meta name="twitter:image" content="${meta.image}">` : html`<meta name="twitter:card" content="summary">`}
<meta name="twitter:title" content="${title}">${meta.description ? html`<meta name="twitter:description" content="${meta.description}">` : ''}`
    : ''
}
<link rel="icon" href="/favicon.ico" sizes="16x16"><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css?v=${v}">
${brand.color && HEX.test(brand.color) ? html`<link rel="stylesheet" href="/assets/brand.css?color=${brand.color.slice(1).toLowerCase()}">` : ''}
<script src="/assets/app.js?v=${v}" defer></script>
${meta.embed ? html`<script src="/embed/v1/frame.js?v=${v}" defer></script>` : ''}
${meta.jsonLd ? html`<script type="application/ld+json">${raw(jsonLdText(meta.jsonLd))}</script>` : ''}`;
}

export function layout(title: string, body: SafeHtml, options: { assetVersion?: string; meta?: PageMeta; brand?: Brand } = {}): string {
  const v = options.assetVersion ?? '2';
  const meta = options.meta ?? {};
  const brand = options.brand ?? {};
  const mark = brand.logoUrl ? html`<img class="logo" src="${brand.logoUrl}" alt="${brand.name ?? 'Logo'}" height="32">` : html`<span class="brand">${brand.hideBranding ? (brand.name ?? '') : 'Yava'}</span>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
${head(title, meta, brand, v)}
</head>
<body${meta.embed ? html` class="embed"` : ''}>
<a class="skip" href="#main">Skip to content</a>
${meta.embed ? '' : html`<header class="site"><a class="home" href="/">${mark}</a></header>`}
<main id="main">
${body}
</main>
${meta.embed || brand.hideBranding ? '' : html`<footer class="site"><a href="/">Powered by Yava</a></footer>`}
</body>
</html>`.value;
}
