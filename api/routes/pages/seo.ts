/**
 * What search engines and link previews read: /robots.txt, /sitemap.xml (every public profile
 * and event type; on a custom domain, its owner's), and /<user>/<slug>/preview.svg, the Open
 * Graph / Twitter card image drawn from the event type and the owner's brand colour.
 */
import type Router from '@koa/router';
import { escapeHtml } from '../../../core/notify/html.js';
import type { AppState } from '../../context.js';
import { publicPageUrl, siteUrlOf } from './pageExtras.js';
import { type PageRouteDeps, page } from './render.js';

const xml = (value: string) => escapeHtml(value);

/** Splits a title into at most 3 lines of about `width` characters for the card. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length > 3 ? [...lines.slice(0, 2), `${lines[2]}…`] : lines;
}

export function previewSvg(card: { title: string; host: string; details: string; color: string | null; branded: boolean }): string {
  const color = card.color && /^#[0-9a-f]{6}$/i.test(card.color) ? card.color : '#0b57d0';
  const lines = wrap(card.title, 26).map((l, i) => `<text x="80" y="${250 + i * 84}" font-size="72" font-weight="700" fill="#1b1b1f">${xml(l)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">
<rect width="1200" height="630" fill="${color}"/><rect x="40" y="40" width="1120" height="550" rx="32" fill="#ffffff"/>
<text x="80" y="140" font-size="36" fill="#4a4a55">${xml(card.host)}</text>${lines}
<text x="80" y="540" font-size="34" fill="${color}" font-weight="600">${xml(card.details)}</text>
${card.branded ? `<text x="1120" y="540" font-size="28" fill="#4a4a55" text-anchor="end">Yava</text>` : ''}
</svg>`;
}

export function mountSeoRoutes(router: Router<AppState>, deps: PageRouteDeps): void {
  const { bookingPage, scheduling } = deps.services;
  router.get('/robots.txt', (ctx) => {
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = `User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /meetings/\nDisallow: /*/book\nDisallow: /waitlist/\n\nSitemap: ${siteUrlOf(ctx)}/sitemap.xml\n`;
  });

  router.get('/sitemap.xml', async (ctx) => {
    const pages = await bookingPage.listPublicPages(ctx.state.siteOwner?.user);
    ctx.type = 'application/xml; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=600');
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${pages
      .map((p) => `<url><loc>${xml(publicPageUrl(ctx, p.username, p.slug))}</loc><lastmod>${p.updatedAt.slice(0, 10)}</lastmod></url>`)
      .join('\n')}\n</urlset>\n`;
  });

  router.get(
    '/:username/:slug/preview.svg',
    page(async (ctx) => {
      const eventType = await scheduling.findEventType({ user: ctx.params.username! }, ctx.params.slug!);
      const owner = await bookingPage.getPageOwner(ctx.params.username!);
      if (!eventType.isPublic) return;
      ctx.type = 'image/svg+xml';
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.body = previewSvg({ title: eventType.title, host: owner.name, details: `${eventType.durationMinutes} min${eventType.location ? ` · ${/^https?:/.test(eventType.location) ? 'Video call' : eventType.location}` : ''}`, color: owner.brand.color, branded: !owner.brand.hideBranding });
    }),
  );
}
