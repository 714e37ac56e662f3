import { captureProblems } from './capture.ts';
import { MAX_BODY_BYTES_RANGE } from './journey.ts';
import { DATA_SEMANTICS, JAR_LIFETIMES, stepsOf, type JourneySpec, type StepSpec } from './journey.ts';
import { JourneyValidator } from './journey-validator.ts';
import { HEADER_NAME, keysOf } from './fields/field.ts';
import {
  CREDENTIAL_FIELDS,
  JOURNEY_FIELDS,
  NODE_FIELDS,
  READ_FIELDS,
  WHOAMI_FIELDS,
  WRITE_FIELDS,
} from './fields/journey-fields.ts';
import type { SpecError, SpecErrors } from './spec-error.ts';
import { isObject, unknownKeys } from './spec-fields.ts';

/** Every field a journey may have (from the field table the schema and the reference are built from). */
export const JOURNEY_KEYS = keysOf(JOURNEY_FIELDS);

/** Every name some step of the journey captures. */
export function capturedNames(journey: Record<string, unknown>): string[] {
  const names = new Set<string>();
  const from = (step: unknown): void => {
    if (isObject(step) && isObject(step.capture)) for (const n of Object.keys(step.capture)) names.add(n);
  };
  for (const role of ['visit', 'login', 'logout'])
    for (const s of stepsOf(journey[role] as StepSpec | StepSpec[] | undefined)) from(s);
  for (const role of ['whoami', 'write', 'read']) from(journey[role]);
  return [...names];
}

function originsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const o of list) {
    try {
      out.push(new URL(String(o)).origin);
    } catch {
      // reported by checkOrigin
    }
  }
  return out;
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
 * (`journey.whoami.identity`) and, where there is a fixed set, the valid choices. Unknown fields are
 * errors everywhere, inside requests too. `targetOrigin` is where paths go (absolute URLs must
 * be on it or on an allowed origin).
 */
export function validateJourney(spec: JourneySpec, at = 'journey', targetOrigin?: string): SpecError[] {
  const s = spec as unknown as Record<string, unknown>;
  if (!isObject(s)) return [{ path: at, message: 'must be an object' }];
  const origins = originsOf(s.allowedOrigins);
  if (targetOrigin !== undefined) origins.push(targetOrigin);
  const v = new JourneyValidator(capturedNames(s), origins);
  const errors = v.errors;
  unknownKeys(errors, at, s, JOURNEY_KEYS);
  if (s.headers !== undefined) v.templates(`${at}.headers`, s.headers, 'header name -> template');
  v.role(`${at}.visit`, s.visit, false);
  if (typeof s.loginPage !== 'string' || !s.loginPage.startsWith('/'))
    errors.add(
      `${at}.loginPage`,
      `${JSON.stringify(s.loginPage)} must be a path starting with "/" (e.g. "/login")`,
    );
  v.role(`${at}.login`, s.login, true);
  v.role(`${at}.logout`, s.logout, false);
  const creds = s.credentials;
  if (isObject(creds) && Array.isArray(creds.rows)) {
    unknownKeys(errors, `${at}.credentials`, creds, ['rows']);
    if (creds.rows.length === 0) errors.add(`${at}.credentials.rows`, 'needs at least one row');
    creds.rows.forEach((row: unknown, i) => {
      if (!isObject(row) || typeof row.username !== 'string' || typeof row.password !== 'string') {
        errors.add(`${at}.credentials.rows[${i}]`, 'must have string username and password');
      }
    });
  } else if (isObject(creds)) {
    unknownKeys(errors, `${at}.credentials`, creds, keysOf(CREDENTIAL_FIELDS));
    v.template(`${at}.credentials.username`, creds.username);
    v.template(`${at}.credentials.password`, creds.password);
  } else {
    errors.add(`${at}.credentials`, 'must be {username, password} templates or {rows: [...]}');
  }
  if (s.whoami === undefined) errors.add(`${at}.whoami`, 'is required: the request that answers "who am I"');
  else if (v.request(`${at}.whoami`, s.whoami, keysOf(WHOAMI_FIELDS))) {
    for (const [sub, msg] of captureProblems(s.whoami.identity))
      errors.add(`${at}.whoami.identity${sub}`, msg);
  }
  for (const key of ['write', 'read'] as const) {
    const req = s[key];
    if (
      req !== undefined &&
      v.request(`${at}.${key}`, req, keysOf(key === 'write' ? WRITE_FIELDS : READ_FIELDS))
    ) {
      for (const [sub, msg] of captureProblems(req.value)) errors.add(`${at}.${key}.value${sub}`, msg);
      if (req.semantics !== undefined) errors.oneOf(`${at}.${key}.semantics`, req.semantics, DATA_SEMANTICS);
    }
  }
  if (typeof s.sessionCookie !== 'string' || !HEADER_NAME.test(s.sessionCookie)) {
    errors.add(
      `${at}.sessionCookie`,
      `${JSON.stringify(s.sessionCookie)} must be a cookie name (e.g. "sid")`,
    );
  }
  if (
    s.sessionToken !== undefined &&
    (typeof s.sessionToken !== 'string' || !v.captured.includes(s.sessionToken))
  )
    errors.add(
      `${at}.sessionToken`,
      `${JSON.stringify(s.sessionToken)} must name a captured variable (captured: ${v.captured.join(', ') || 'none'})`,
    );
  const node = s.node;
  const nodeName = isObject(node) ? (node.header ?? node.cookie) : undefined;
  if (!isObject(node) || (node.header === undefined) === (node.cookie === undefined)) {
    errors.add(`${at}.node`, 'must name exactly one of {header: "x-served-by"} or {cookie: "SERVERID"}');
  } else if (typeof nodeName !== 'string' || !HEADER_NAME.test(nodeName)) {
    errors.add(`${at}.node`, `${JSON.stringify(nodeName)} is not a valid header or cookie name`);
  } else unknownKeys(errors, `${at}.node`, node, keysOf(NODE_FIELDS));
  if (!Array.isArray(s.allowedOrigins)) errors.add(`${at}.allowedOrigins`, 'must be a list of origins');
  else s.allowedOrigins.forEach((o: unknown, i) => checkOrigin(errors, `${at}.allowedOrigins[${i}]`, o));
  if (errors.number(`${at}.maxHops`, s.maxHops, 1, 100) && !Number.isInteger(s.maxHops)) {
    errors.add(`${at}.maxHops`, 'must be a whole number');
  }
  if (
    s.maxBodyBytes !== undefined &&
    errors.number(`${at}.maxBodyBytes`, s.maxBodyBytes, MAX_BODY_BYTES_RANGE.min, MAX_BODY_BYTES_RANGE.max) &&
    !Number.isInteger(s.maxBodyBytes)
  )
    errors.add(`${at}.maxBodyBytes`, 'must be a whole number of bytes (e.g. 4194304 for 4 MiB)');
  errors.oneOf(`${at}.jarLifetime`, s.jarLifetime, JAR_LIFETIMES);
  errors.number(`${at}.logoutChance`, s.logoutChance, 0, 1);
  return errors.list;
}
