import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Redis } from 'ioredis';
import type { Request, Response } from 'express';
import { SESSION_COOKIE, type SessionBackend } from './session-backend.ts';

interface Claims {
  user: string;
  value: unknown;
  jti: string;
}

/** Token lifetime; also how long a revoked token id stays on the revocation list. */
const TTL_SECONDS = 3600;

const claimsOf = (req: Request): Claims | null => (req as Request & { jwtClaims?: Claims }).jwtClaims ?? null;

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * Stateless sessions: a signed JWT (HS256, via jose) in the `sid` cookie carries the user and the
 * stored value. Without a revocation list, a token stays valid after logout until it expires; with
 * one (in Redis), logout adds the token id to it and every node rejects the token.
 */
export function jwtBackend(secret: string, revocation: Redis | null): SessionBackend {
  const key = new TextEncoder().encode(secret);
  const issue = async (res: Response, claims: Claims): Promise<void> => {
    const token = await new SignJWT({ user: claims.user, value: claims.value })
      .setProtectedHeader({ alg: 'HS256' })
      .setJti(claims.jti)
      .setIssuedAt()
      .setExpirationTime(`${TTL_SECONDS}s`)
      .sign(key);
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/' });
  };
  return {
    middleware: [
      (req, _res, next) => {
        const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
        if (!token) return next();
        jwtVerify(token, key, { algorithms: ['HS256'] })
          .then(async ({ payload }) => {
            const jti = String(payload.jti);
            if (revocation && (await revocation.exists(`revoked:${jti}`)) === 1) return;
            const claims: Claims = { user: String(payload['user']), value: payload['value'] ?? null, jti };
            (req as Request & { jwtClaims?: Claims }).jwtClaims = claims;
          })
          // An invalid or expired token is an anonymous request; a revocation list that cannot
          // be read is an error (500), not a silent pass.
          .then(
            () => next(),
            (error: unknown) =>
              next((error as { code?: string }).code?.startsWith('ERR_J') ? undefined : error),
          );
      },
    ],
    user: (req) => claimsOf(req)?.user ?? null,
    value: (req) => claimsOf(req)?.value ?? null,
    login: (_req, res, user) => issue(res, { user, value: null, jti: randomUUID() }),
    async setValue(req, res, value) {
      const claims = claimsOf(req);
      if (claims) await issue(res, { ...claims, value });
    },
    async logout(req, res) {
      const claims = claimsOf(req);
      if (claims && revocation) await revocation.set(`revoked:${claims.jti}`, '1', 'EX', TTL_SECONDS);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
    },
    count: () => Promise.resolve(0),
    ...(revocation
      ? { close: () => revocation.quit().then(() => undefined), ready: () => revocation.status === 'ready' }
      : {}),
  };
}
