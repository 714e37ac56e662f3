import { BODY_TYPES, HTTP_METHODS, JAR_LIFETIMES, type JourneySpec } from './journey.ts';
import { locationProblem } from './location.ts';
import { SpecErrors, type SpecError } from './spec-error.ts';
import { templateProblems } from './template.ts';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkPath(errors: SpecErrors, at: string, path: unknown): void {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) {
    errors.add(at, `${JSON.stringify(path)} must be a path on the target starting with "/" (e.g. "/login")`);
    return;
  }
  try {
    new URL(path, 'http://target.invalid');
  } catch {
    errors.add(at, `"${path}" is not a valid URL path`);
  }
  for (const p of templateProblems(path)) errors.add(at, p);
}

function checkTemplate(errors: SpecErrors, at: string, value: unknown): void {
  if (typeof value !== 'string') {
    errors.add(at, `${JSON.stringify(value)} must be a string template`);
    return;
  }
  for (const p of templateProblems(value)) errors.add(at, p);
}

function checkLocation(errors: SpecErrors, at: string, value: unknown): void {
  if (typeof value !== 'string') {
    errors.add(at, `${JSON.stringify(value)} must be a JSON path ($.user) or a regex (/user: (\\w+)/)`);
    return;
  }
  const problem = locationProblem(value);
  if (problem) errors.add(at, problem);
}

function checkRequest(errors: SpecErrors, at: string, req: unknown): boolean {
  if (!isObject(req)) {
    errors.add(at, 'must be an object with method and path');
    return false;
  }
  errors.oneOf(`${at}.method`, req.method, HTTP_METHODS);
  checkPath(errors, `${at}.path`, req.path);
  if (req.bodyType !== undefined) errors.oneOf(`${at}.bodyType`, req.bodyType, BODY_TYPES);
  if (req.body !== undefined) {
    if (!isObject(req.body)) errors.add(`${at}.body`, 'must be an object of field → template');
    else for (const [k, v] of Object.entries(req.body)) checkTemplate(errors, `${at}.body.${k}`, v);
  }
  return true;
}

function checkOrigin(errors: SpecErrors, at: string, origin: unknown): void {
  let url: URL | undefined;
  try {
    url = typeof origin === 'string' ? new URL(origin) : undefined;
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.origin !== String(origin).replace(/\/$/, '')
  ) {
    errors.add(
      at,
      `${JSON.stringify(origin)} must be an origin like "https://idp.example.com" (scheme, host, port only)`,
    );
  }
}

/**
 * Validates a journey and returns every error at once (empty when valid), each with its path
 * (`journey.whoami.identity`) and, where there is a fixed set, the valid choices.
 */
export function validateJourney(spec: JourneySpec, at = 'journey'): SpecError[] {
  const errors = new SpecErrors();
  const s = spec as unknown as Record<string, unknown>;
  if (!isObject(s)) return [{ path: at, message: 'must be an object' }];
  checkRequest(errors, `${at}.visit`, s.visit);
  checkPath(errors, `${at}.loginPage`, s.loginPage);
  checkRequest(errors, `${at}.login`, s.login);
  const creds = s.credentials;
  if (isObject(creds) && Array.isArray(creds.rows)) {
    if (creds.rows.length === 0) errors.add(`${at}.credentials.rows`, 'needs at least one row');
    creds.rows.forEach((row: unknown, i) => {
      if (!isObject(row) || typeof row.username !== 'string' || typeof row.password !== 'string') {
        errors.add(`${at}.credentials.rows[${i}]`, 'must have string username and password');
      }
    });
  } else if (isObject(creds)) {
    checkTemplate(errors, `${at}.credentials.username`, creds.username);
    checkTemplate(errors, `${at}.credentials.password`, creds.password);
  } else {
    errors.add(`${at}.credentials`, 'must be {username, password} templates or {rows: [...]}');
  }
  if (checkRequest(errors, `${at}.whoami`, s.whoami)) {
    checkLocation(errors, `${at}.whoami.identity`, (s.whoami as Record<string, unknown>).identity);
  }
  for (const key of ['write', 'read'] as const) {
    if (s[key] !== undefined && checkRequest(errors, `${at}.${key}`, s[key])) {
      checkLocation(errors, `${at}.${key}.value`, (s[key] as Record<string, unknown>).value);
    }
  }
  if (s.logout !== undefined) checkRequest(errors, `${at}.logout`, s.logout);
  if (typeof s.sessionCookie !== 'string' || !HEADER_NAME.test(s.sessionCookie)) {
    errors.add(
      `${at}.sessionCookie`,
      `${JSON.stringify(s.sessionCookie)} must be a cookie name (e.g. "sid")`,
    );
  }
  const node = s.node;
  const nodeName = isObject(node) ? (node.header ?? node.cookie) : undefined;
  if (!isObject(node) || (node.header === undefined) === (node.cookie === undefined)) {
    errors.add(`${at}.node`, 'must name exactly one of {header: "x-served-by"} or {cookie: "SERVERID"}');
  } else if (typeof nodeName !== 'string' || !HEADER_NAME.test(nodeName)) {
    errors.add(`${at}.node`, `${JSON.stringify(nodeName)} is not a valid header or cookie name`);
  }
  if (!Array.isArray(s.allowedOrigins)) errors.add(`${at}.allowedOrigins`, 'must be a list of origins');
  else s.allowedOrigins.forEach((o: unknown, i) => checkOrigin(errors, `${at}.allowedOrigins[${i}]`, o));
  if (errors.number(`${at}.maxHops`, s.maxHops, 1, 100) && !Number.isInteger(s.maxHops)) {
    errors.add(`${at}.maxHops`, 'must be a whole number');
  }
  errors.oneOf(`${at}.jarLifetime`, s.jarLifetime, JAR_LIFETIMES);
  errors.number(`${at}.logoutChance`, s.logoutChance, 0, 1);
  return errors.list;
}
