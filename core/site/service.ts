/** The public site's settings of a user: brand, embed allow-list and custom domains. */
import type { Knex } from 'knex';
import type { PlanGuard } from '../billing/planGuard.js';
import type { Clock } from '../clock.js';
import { getBranding, setBranding, setTeamBranding, type Branding, type TeamBranding } from './branding.js';
import { createCustomDomains, type DomainProbes } from './customDomains.js';
import { createDomainProbes } from './domainProbes.js';
import { getEmbedOrigins, setEmbedOrigins } from './embedOrigins.js';

export function createSiteService({ db, clock, plans, probes = createDomainProbes() }: { db: Knex; clock: Clock; plans: PlanGuard; probes?: DomainProbes }) {
  return {
    getBranding: (userId: string) => getBranding(db, userId),
    setBranding: (userId: string, patch: Partial<Branding>) => setBranding(db, plans, userId, patch),
    setTeamBranding: (actorId: string, slug: string, patch: Partial<TeamBranding>) => setTeamBranding(db, plans, actorId, slug, patch),
    getEmbedOrigins: (userId: string) => getEmbedOrigins(db, userId),
    setEmbedOrigins: (userId: string, origins: string[]) => setEmbedOrigins(db, userId, origins),
    domains: createCustomDomains({ db, probes, clock }),
  };
}

export type SiteService = ReturnType<typeof createSiteService>;
