/**
 * What a public page adds around its content: the owner's brand and picture, the search-engine
 * meta (description, canonical, preview image, JSON-LD), the embed mode, and the query fields
 * kept from link to link (embed=1, prefilled name and email, utm_* campaign fields).
 */
import type { EventTypeDetails } from '../../../core/booking/types.js';
import type { PageOwner } from '../../../core/bookingPage/service.js';
import type { AppContext, AppDeps } from '../../context.js';
import { toDecimalString } from '../../../core/payments/money.js';
import { allowFraming } from './embed.js';
import type { Brand, PageMeta } from './layout.js';

/** The site's own address: PUBLIC_URL, or https://<custom domain> on an owner's domain. */
export const siteUrlOf = (ctx: AppContext): string => ctx.state.siteUrl ?? `${ctx.protocol}://${ctx.host}`;

/**
 * A public page's one address, for canonical links, og:url, JSON-LD and the sitemap: `<site>/<user>`
 * and `<site>/<user>/<slug>`; on the owner's own custom domain the username is implied, so their
 * profile is `https://book.example.com/` and an event type `https://book.example.com/intro`.
 */
export function publicPageUrl(ctx: AppContext, username: string, slug?: string | null): string {
  const ownSite = ctx.state.siteOwner?.user?.toLowerCase() === username.toLowerCase();
  const segments = [...(ownSite ? [] : [username]), ...(slug ? [slug] : [])];
  return `${siteUrlOf(ctx)}/${segments.map(encodeURIComponent).join('/')}`;
}

const KEPT = /^(embed|name|email|utm_[a-z]{1,20})$/;

/** The fields a page passes on to its links and forms: from its query, and from the form posted to it (its hidden fields). */
export function keptQuery(ctx: AppContext): Record<string, string> {
  const kept: Record<string, string> = {};
  const body = ctx.method === 'POST' && ctx.request.body && typeof ctx.request.body === 'object' ? (ctx.request.body as Record<string, unknown>) : {};
  for (const [key, value] of [...Object.entries(ctx.query), ...Object.entries(body)]) {
    if (KEPT.test(key) && typeof value === 'string' && value.length <= 320) kept[key] = value;
  }
  return kept;
}

/** `path` with the kept fields added to its query (`/hela/intro` → `/hela/intro?embed=1&utm_source=x`). */
export function withKept(path: string, kept: Record<string, string>): string {
  const query = new URLSearchParams(kept).toString();
  if (!query) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

export const isEmbedded = (ctx: AppContext) => ctx.query.embed === '1' || (ctx.request.body as Record<string, unknown> | undefined)?.embed === '1';

/** schema.org: the host (Person) offering the event type (Service), with its price (a decimal in the currency's own minor digits: JPY none, KWD three). */
export function jsonLdOf(owner: PageOwner, eventType: EventTypeDetails, url: string, profileUrl: string): unknown {
  const provider = { '@type': 'Person', name: owner.name, url: profileUrl, ...(owner.avatarUrl ? { image: owner.avatarUrl } : {}) };
  return {
    '@context': 'https://schema.org',
    '@type': 'Service',
    name: eventType.title,
    url,
    ...(eventType.description ? { description: eventType.description } : {}),
    provider,
    ...(eventType.price ? { offers: { '@type': 'Offer', price: toDecimalString(eventType.price.amount, eventType.price.currency.toUpperCase()), priceCurrency: eventType.price.currency.toUpperCase() } } : {}),
  };
}

export interface PageExtras {
  keep: Record<string, string>;
  meta: PageMeta;
  brand: Brand;
  avatarUrl: string | null;
}

/** Everything around an event type's page. */
export async function pageExtrasOf(services: AppDeps['services'], ctx: AppContext, page: { username: string; eventType: EventTypeDetails }): Promise<PageExtras> {
  const owner = await services.bookingPage.getPageOwner(page.username);
  if (isEmbedded(ctx)) allowFraming(ctx, owner.embedOrigins);
  const canonical = publicPageUrl(ctx, owner.username, page.eventType.slug);
  const description = page.eventType.description ?? `Book ${page.eventType.durationMinutes} minutes with ${owner.name}.`;
  return {
    keep: keptQuery(ctx),
    brand: owner.brand,
    avatarUrl: owner.avatarUrl,
    meta: { description, canonical, image: `${canonical}/preview.svg`, jsonLd: jsonLdOf(owner, page.eventType, canonical, publicPageUrl(ctx, owner.username)), embed: isEmbedded(ctx) },
  };
}

/** In embed mode (embed=1 in the query or the form): lets any of the meeting's hosts' allowed origins frame the answer. */
export async function applyMeetingEmbedMode(services: AppDeps['services'], ctx: AppContext, meeting: { hosts: Array<{ userId: string }> }): Promise<boolean> {
  if (!isEmbedded(ctx)) return false;
  allowFraming(ctx, await services.bookingPage.embedOriginsOf(meeting.hosts.map((h) => h.userId)));
  return true;
}

/** In embed mode (embed=1 in the query or the form): lets the owner's allowed origins frame the answer. */
export async function applyEmbedMode(services: AppDeps['services'], ctx: AppContext, username: string): Promise<boolean> {
  if (!isEmbedded(ctx)) return false;
  allowFraming(ctx, (await services.bookingPage.getPageOwner(username)).embedOrigins);
  return true;
}
