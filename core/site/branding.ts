/**
 * A user's brand on their booking pages and in the e-mails their meetings send: colour, logo,
 * picture, and "hide Yava branding" (white label), which the plan's `whiteLabel` feature allows.
 */
import type { Knex } from 'knex';
import type { PlanGuard } from '../billing/planGuard.js';
import { requireTeamBySlug } from '../booking/records.js';
import { DomainError } from '../errors.js';
import { requireTeamPermission } from '../teams/policy.js';

export interface Branding {
  brandColor: string | null;
  logoUrl: string | null;
  avatarUrl: string | null;
  hideBranding: boolean;
}

const invalid = (field: string, message: string) => new DomainError('validation_failed', `${field}: ${message}`, { errors: [{ field, message }] });

function imageUrl(value: string | null, field: string): string | null {
  if (value === null || value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(field, 'expected an https:// URL of an image');
  }
  if (url.protocol !== 'https:' || url.username || url.password) throw invalid(field, 'expected an https:// URL of an image');
  return url.toString();
}

export async function getBranding(db: Knex, userId: string): Promise<Branding> {
  const row = await db('users').where({ id: userId }).first('brand_color', 'logo_url', 'avatar_url', 'hide_branding');
  return { brandColor: row.brand_color, logoUrl: row.logo_url, avatarUrl: row.avatar_url, hideBranding: Boolean(row.hide_branding) };
}

/**
 * Changes what `patch` names. Colours are "#rrggbb"; images https URLs (null removes one).
 * Throws validation_failed, and plan_required for hideBranding: true without the whiteLabel feature.
 * @example setBranding(db, plans, userId, { brandColor: '#7a1fa2', hideBranding: true })
 */
export async function setBranding(db: Knex, plans: PlanGuard, userId: string, patch: Partial<Branding>): Promise<Branding> {
  const columns = await brandColumns(db, plans, userId, patch);
  if (patch.avatarUrl !== undefined) columns.avatar_url = imageUrl(patch.avatarUrl, 'avatarUrl');
  if (Object.keys(columns).length) await db('users').where({ id: userId }).update(columns);
  return getBranding(db, userId);
}

/** The columns `patch` changes (users and teams share them); white label is checked against the actor's plan. */
async function brandColumns(db: Knex, plans: PlanGuard, actorId: string, patch: Partial<Branding>): Promise<Record<string, unknown>> {
  const columns: Record<string, unknown> = {};
  if (patch.brandColor !== undefined) {
    if (patch.brandColor !== null && !/^#[0-9a-f]{6}$/i.test(patch.brandColor)) throw invalid('brandColor', 'expected a colour like #0b57d0');
    columns.brand_color = patch.brandColor?.toLowerCase() ?? null;
  }
  if (patch.logoUrl !== undefined) columns.logo_url = imageUrl(patch.logoUrl, 'logoUrl');
  if (patch.hideBranding !== undefined) {
    if (patch.hideBranding) await plans.requireFeature(db, actorId, 'whiteLabel');
    columns.hide_branding = patch.hideBranding;
  }
  return columns;
}

export type TeamBranding = Omit<Branding, 'avatarUrl'>;

/**
 * A team's brand (its event types' e-mails and pages): team admins only (forbidden otherwise,
 * team_not_found), white label on the admin's plan.
 */
export async function setTeamBranding(db: Knex, plans: PlanGuard, actorId: string, slug: string, patch: Partial<TeamBranding>): Promise<TeamBranding> {
  const team = await requireTeamBySlug(db, slug);
  await requireTeamPermission(db, team, actorId, 'manage_members');
  const columns = await brandColumns(db, plans, actorId, patch);
  if (Object.keys(columns).length) await db('teams').where({ id: team.id }).update(columns);
  const row = await db('teams').where({ id: team.id }).first('brand_color', 'logo_url', 'hide_branding');
  return { brandColor: row.brand_color, logoUrl: row.logo_url, hideBranding: Boolean(row.hide_branding) };
}
