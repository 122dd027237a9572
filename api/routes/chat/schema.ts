import { z } from 'zod';

export const linkChatSchema = z.strictObject({
  code: z.string().min(1).max(200),
});
