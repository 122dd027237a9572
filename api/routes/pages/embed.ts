/**
 * Embeds: the versioned scripts (/embed/v1/embed.js for the host's site, /embed/v1/frame.js
 * inside the iframe) and the framing policy. A page opened with `embed=1` may be framed only by
 * the origins on its owner's allow-list (`Content-Security-Policy: frame-ancestors`); without
 * embed=1, or with an empty list, no site may frame it.
 */
import type Router from '@koa/router';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import type { AppContext, AppState } from '../../context.js';
import { EMBED_JS, FRAME_JS } from './embedScripts.js';
import { CONTENT_SECURITY_POLICY } from './render.js';

export function mountEmbedAssets(router: Router<AppState>): void {
  for (const [path, body] of [
    ['/embed/v1/embed.js', EMBED_JS],
    ['/embed/v1/frame.js', FRAME_JS],
  ] as const) {
    router.get(path, (ctx) => {
      ctx.type = 'text/javascript; charset=utf-8';
      ctx.set('Cache-Control', 'public, max-age=3600');
      // Any site may load the script itself.
      ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.body = body;
    });
  }
}

/** The page's CSP with `frame-ancestors` naming the allowed origins. */
export function framingPolicy(origins: readonly string[]): string {
  const ancestors = origins.length ? `'self' ${origins.join(' ')}` : "'none'";
  return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", `frame-ancestors ${ancestors}`);
}

/** Lets the listed origins frame this response (embed mode); X-Frame-Options would forbid any. */
export function allowFraming(ctx: AppContext, origins: readonly string[]): void {
  if (!origins.length) return;
  ctx.set('Content-Security-Policy', framingPolicy(origins));
  ctx.remove('X-Frame-Options');
}

/** A hidden element frame.js reads and posts to the parent as `yava:<type>` with its data-yava-* fields. */
export function embedEvent(type: 'slot_selected' | 'booking_created', data: Record<string, string>): SafeHtml {
  return html`<div hidden data-yava-event="${type}"${Object.entries(data).map(([k, v]) => html` data-yava-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${v}"`)}></div>`;
}
