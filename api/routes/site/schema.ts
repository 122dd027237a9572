import { z } from 'zod';

export const embedOriginsSchema = z.object({ origins: z.array(z.string().max(300)).max(100) });
export const brandingSchema = z.strictObject({
  brandColor: z.string().max(7).nullable().optional(),
  logoUrl: z.string().max(2000).nullable().optional(),
  avatarUrl: z.string().max(2000).nullable().optional(),
  hideBranding: z.boolean().optional(),
});
export const domainSchema = z.object({ domain: z.string().min(1).max(253) });
export const teamBrandingSchema = brandingSchema.omit({ avatarUrl: true });
