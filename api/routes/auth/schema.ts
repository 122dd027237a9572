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

const emailToken = (prefix: string) => z.string({ message: 'expected the token from the e-mail' }).trim().min(20, 'expected the token from the e-mail').max(200).startsWith(prefix, `expected the token from the e-mail (it starts with ${prefix})`);

export const verifyEmailSchema = z.object({ token: emailToken('yava_ev_') }).strict();

export const verifyEmailFormSchema = z.object({ token: emailToken('yava_ev_'), _csrf: z.string().max(200).optional() }).strict();

export const passwordResetSchema = z.object({ email }).strict();

export const passwordResetConfirmSchema = z.object({ token: emailToken('yava_pr_'), password: z.string({ message: 'expected the new password' }).min(1, 'expected the new password').max(1024) }).strict();
