import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateApiToken, authenticateSession, sameSecret } from '../app/auth/index.ts';
import type { AppDeps } from '../app/context.ts';
import { AppError } from '../app/errors.ts';
import type { Actor } from '../domain/access/index.ts';

export const SESSION_COOKIE = 'sb_session';

/** The session cookie as every sign-in sets it (sign-in and sign-up alike). */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { sessionToken: string; expiresAt: Date },
): void {
  reply.setCookie(SESSION_COOKIE, session.sessionToken, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    expires: session.expiresAt,
  });
}
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (sign-in itself). Every other /api/v1 route needs a caller. */
    public?: boolean;
  }
}

/**
 * Finds who is calling, from `Authorization: Bearer sbt_…` or the session cookie. A cookie-borne
 * write must also carry the session's CSRF token in `x-csrf-token`, so that another site cannot
 * make a signed-in browser write; bearer tokens are not sent by browsers on their own.
 */
export function actorResolver(deps: AppDeps) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    request.actor = null;
    request.csrfToken = null;
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      request.actor = (await authenticateApiToken(deps, authorization.slice(7).trim())) ?? null;
      if (!request.actor) throw new AppError('unauthenticated');
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    const session = cookie ? await authenticateSession(deps, cookie) : undefined;
    if (!session) {
      // Checked before the body is validated, so a stranger learns nothing about the API's shapes.
      if (!request.routeOptions.config.public) throw new AppError('unauthenticated');
      return;
    }
    request.actor = session.actor;
    request.csrfToken = session.csrfToken;
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !sameSecret(header, session.csrfToken))
        throw new AppError('csrf_failed');
    }
  };
}

/** The caller, or a 401 when nobody signed in. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}
