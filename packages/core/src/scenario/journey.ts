import type { ValueLocation } from './location.ts';

/** How a VU's cookie jar lives: one for the whole run, a fresh one per iteration, or session cookies dropped per iteration. */
export const JAR_LIFETIMES = ['run', 'iteration', 'browser-restart'] as const;
/** One jar lifetime. */
export type JarLifetime = (typeof JAR_LIFETIMES)[number];

/** HTTP methods a journey step may use. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** One HTTP method. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Body encodings for requests that carry one. */
export const BODY_TYPES = ['form', 'json'] as const;
/** One body encoding. */
export type BodyType = (typeof BODY_TYPES)[number];

/** A request with an optional templated body (field values may use `{{vu}}`, `{{username}}`...). */
export interface RequestSpec {
  method: HttpMethod;
  /** Path on the target, starting with `/`. */
  path: string;
  bodyType?: BodyType;
  /** Field → template. A field whose whole template is `{{value}}` keeps the value's type in JSON. */
  body?: Record<string, string>;
}

/** Credentials per VU: templates, or rows read from a CSV elsewhere (VU n takes row (n-1) mod rows). */
export type CredentialsSpec =
  { username: string; password: string } | { rows: { username: string; password: string }[] };

/** A request whose response says who we are, and where. */
export interface WhoamiSpec extends RequestSpec {
  identity: ValueLocation;
}

/** A session write or read request, and where its response holds the value. */
export interface ValueRequestSpec extends RequestSpec {
  value: ValueLocation;
}

/** Where the serving node's name comes from. */
export type NodeNaming = { header: string } | { cookie: string };

/** The target contract as data: what a VU does and how to read the responses. */
export interface JourneySpec {
  /** First page a VU opens. */
  visit: RequestSpec;
  /** Login page: a redirect there means "not authenticated". */
  loginPage: string;
  login: RequestSpec;
  credentials: CredentialsSpec;
  whoami: WhoamiSpec;
  write?: ValueRequestSpec;
  read?: ValueRequestSpec;
  logout?: RequestSpec;
  /** Name of the session cookie (its short hash is recorded on every op). */
  sessionCookie: string;
  node: NodeNaming;
  /** Origins (scheme://host:port) besides the target a redirect may go to (identity providers). */
  allowedOrigins: string[];
  /** Most hops a redirect chain may take before it is recorded as a loop. */
  maxHops: number;
  jarLifetime: JarLifetime;
  /** Chance per iteration (0..1) that a VU logs out and logs in again. */
  logoutChance: number;
}

/** The lab app's contract (ARCHITECTURE.md "The lab"): a scenario against the lab needs no journey. */
export const DEFAULT_JOURNEY: JourneySpec = {
  visit: { method: 'GET', path: '/' },
  loginPage: '/login',
  login: {
    method: 'POST',
    path: '/login',
    bodyType: 'form',
    body: { username: '{{username}}', password: '{{password}}' },
  },
  credentials: { username: 'user-{{vu}}', password: 'secret' },
  whoami: { method: 'GET', path: '/api/me', identity: '$.user' },
  write: {
    method: 'POST',
    path: '/api/data',
    bodyType: 'json',
    body: { value: '{{value}}' },
    value: '$.value',
  },
  read: { method: 'GET', path: '/api/data', value: '$.value' },
  logout: { method: 'POST', path: '/logout' },
  sessionCookie: 'sid',
  node: { header: 'x-served-by' },
  allowedOrigins: [],
  maxHops: 10,
  jarLifetime: 'run',
  logoutChance: 0.1,
};

/** Fills the unset fields of a partial journey from the default one (nested requests are replaced whole). */
export function withJourneyDefaults(partial: Partial<JourneySpec>): JourneySpec {
  return { ...DEFAULT_JOURNEY, ...partial };
}
