import { z } from 'zod';

const email = z.string().trim().toLowerCase().max(254).email({ message: 'expected an email address' });

export const registerSchema = z
  .object({
    email,
    password: z.string({ message: 'expected a string' }).max(1024),
    name: z.string().trim().min(1, 'expected a name').max(200),
    username: z.string().trim().min(1).max(40).optional(),
    timezone: z.string().min(1).max(64).optional(),
  })
  .strict();

export const loginSchema = z.object({ email, password: z.string().min(1, 'expected the password').max(1024) }).strict();

export const refreshSchema = z.object({ refreshToken: z.string().min(10, 'expected a refresh token').max(512) }).strict();

export const logoutSchema = z.object({ refreshToken: z.string().min(10).max(512).optional() }).strict();
