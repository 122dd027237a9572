import { z } from 'zod';

export const embedOriginsSchema = z.object({ origins: z.array(z.string().max(300)).max(100) });
