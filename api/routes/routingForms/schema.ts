import { z } from 'zod';

const slug = z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'lowercase letters, digits and "-"' });
/** The definition (questions, rules, fallback, scoring) is checked in core/routing/rules.ts. */
export const createFormSchema = z
  .object({ slug, title: z.string().trim().min(1).max(200), questions: z.unknown(), rules: z.unknown().optional(), fallback: z.unknown(), scoring: z.unknown().optional() })
  .strict();

export const updateFormSchema = z
  .object({ title: z.string().trim().min(1).max(200).optional(), questions: z.unknown().optional(), rules: z.unknown().optional(), fallback: z.unknown().optional(), scoring: z.unknown().optional() })
  .strict();

export const answersSchema = z.object({ answers: z.record(z.string(), z.union([z.string(), z.number()])) }).strict();
