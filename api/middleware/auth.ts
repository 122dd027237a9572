import type { Middleware } from 'koa';
import { DomainError } from '../../core/errors.js';
import type { Services } from '../../core/services.js';
import type { AppState } from '../context.js';

/** Paths whose Authorization header is a client's HTTP Basic credential, read by their handler (OAuth's token endpoint). */
const CLIENT_BASIC_AUTH_PATHS = new Set(['/oauth/token']);

/** Reads `Authorization: Bearer …` when present; a bad credential is a 401, none leaves the caller anonymous. */
export function authenticate(services: Services): Middleware<AppState> {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    if (header && !(CLIENT_BASIC_AUTH_PATHS.has(ctx.path) && /^Basic\s/i.test(header))) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new DomainError('unauthorized', 'Use the header "Authorization: Bearer <token>"');
      ctx.state.principal = await services.auth.authenticate(match[1]!);
    }
    await next();
  };
}

export const requireAuth: Middleware<AppState> = async (ctx, next) => {
  if (!ctx.state.principal) throw new DomainError('unauthorized', 'Log in first: send "Authorization: Bearer <token>" (yava login)');
  await next();
};

/** RBAC in one place: the roles that may call what follows. */
export function requireRole(...roles: Array<'admin' | 'user'>): Middleware<AppState> {
  return async (ctx, next) => {
    const principal = ctx.state.principal;
    if (!principal) throw new DomainError('unauthorized', 'Log in first: send "Authorization: Bearer <token>" (yava login)');
    if (!roles.includes(principal.role)) throw new DomainError('forbidden', `This needs the ${roles.join(' or ')} role`);
    await next();
  };
}
