import type { CaptureInput } from './capture.ts';

/** How a VU's cookie jar lives: one for the whole run, a fresh one per iteration, or session cookies dropped per iteration. */
export const JAR_LIFETIMES = ['run', 'iteration', 'browser-restart'] as const;
/** One jar lifetime. */
export type JarLifetime = (typeof JAR_LIFETIMES)[number];

/** HTTP methods a journey step may use. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** One HTTP method. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Body encodings for requests that carry one: a form, JSON (any JSON value), or raw text with a content type. */
export const BODY_TYPES = ['form', 'json', 'raw'] as const;
/** One body encoding. */
export type BodyType = (typeof BODY_TYPES)[number];

/** What a session write does, so reads are judged by the right rule (as Jepsen's register, counter and list-append). */
export const DATA_SEMANTICS = ['set', 'increment', 'append'] as const;
/** One write semantics: `set` (a read returns the last value), `increment` (a count), `append` (a list). */
export type DataSemantics = (typeof DATA_SEMANTICS)[number];

/** A JSON value as a body may hold it; strings are templates. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What a step expects of its answer besides the journey's own rules. */
export interface ExpectSpec {
  /** Final statuses (after redirects) that count as success; any other fails the step. */
  status?: number[];
}

/** Fields every step may have: extra headers, values to capture from the answer, what to expect. */
export interface StepCommon {
  /** Header name -> template. A header whose template uses a value not captured yet is left out. */
  headers?: Record<string, string>;
  /** Variable name -> where its value is in the answer; usable later as `{{name}}`. */
  capture?: Record<string, CaptureInput>;
  expect?: ExpectSpec;
}

/** A request with an optional templated body (values may use `{{vu}}`, `{{username}}`, captured `{{csrf}}`...). */
export interface RequestSpec extends StepCommon {
  method: HttpMethod;
  /** Path on the target, starting with `/`, or an absolute URL on one of the journey's allowed origins. */
  path: string;
  bodyType?: BodyType;
  /**
   * form: field -> template (numbers and booleans as text); json: any JSON value, templates inside strings (a string
   * that is exactly one `{{name}}` keeps the variable's type); raw: a template string sent as it is.
   */
  body?: JsonValue;
  /** Content type of a raw body (default `text/plain`). */
  contentType?: string;
  /**
   * Forms the answer may lead to (an identity provider's login, then its consent page), submitted in order
   * within this step, each only when the page shows a form holding every field it fills (or matching its
   * selector): a second login through single sign-on, which shows none, skips them.
   */
  forms?: PageFormSpec[];
}

/** A form a step submits when its page shows it. */
export interface PageFormSpec {
  /** CSS selector of the form; absent: the form that holds every field below. */
  selector?: string;
  /** Field name -> template. */
  fields?: Record<string, string>;
}

/** Submits an HTML form the way a browser does: its hidden inputs kept, named fields filled, to its action. */
export interface FormSpec {
  /** Page to open first (a GET); absent: the page the previous step ended on. */
  page?: string;
  /** CSS selector of the form; absent: the form with a password field, else the only form. */
  selector?: string;
  /** Field name -> template. */
  fields?: Record<string, string>;
}

/** A form step: open a page (or use the current one), pick a form, fill it, submit it. */
export interface FormStepSpec extends StepCommon {
  form: FormSpec;
}

/** A pause inside a role: the user reads the page (`pause: 2s`) before the next step; no request, no op. */
export interface PauseStepSpec {
  /** A duration (`2s`, `500ms`, or milliseconds). */
  pause: string | number;
  // A pause sends nothing, so it has none of a request's parts (read as absent where steps are walked).
  headers?: undefined;
  capture?: undefined;
  expect?: undefined;
}

/** One step of a role that may take several (visit, login, logout): a request, a form or a pause. */
export type StepSpec = RequestSpec | FormStepSpec | PauseStepSpec;

/** Whether a step is a pause. */
export function isPauseStep(step: StepSpec): step is PauseStepSpec {
  return (step as PauseStepSpec).pause !== undefined;
}

/** Whether a step is a form step. */
export function isFormStep(step: StepSpec): step is FormStepSpec {
  return (step as FormStepSpec).form !== undefined;
}

/** The steps of a role written as one step or a list, as a list. */
export function stepsOf(role: StepSpec | StepSpec[] | undefined): StepSpec[] {
  if (role === undefined) return [];
  return Array.isArray(role) ? role : [role];
}

/** Credentials per VU: templates, or rows read from a CSV elsewhere (VU n takes row (n-1) mod rows). */
export type CredentialsSpec =
  { username: string; password: string } | { rows: { username: string; password: string }[] };

/** A request whose response says who we are, and where. */
export interface WhoamiSpec extends RequestSpec {
  /** Where the identity is; a 2xx answer where it is not found means "anonymous". */
  identity: CaptureInput;
}

/** A session write or read request, and where its response holds the value. */
export interface ValueRequestSpec extends RequestSpec {
  value: CaptureInput;
  /** What a write does (default `set`); give it on the write. */
  semantics?: DataSemantics;
}

/** Where the serving node's name comes from. */
export type NodeNaming = { header: string } | { cookie: string };

/** The target contract as data: what a VU does and how to read the responses. */
export interface JourneySpec {
  /** Headers sent with every request (templates; one whose value uses a value not captured yet is left out). */
  headers?: Record<string, string>;
  /** First page(s) a VU opens before logging in; absent on a URL target: none. */
  visit?: StepSpec | StepSpec[];
  /** Login page: a redirect there means "not authenticated". */
  loginPage: string;
  /** One step, or several (a login page, an identity provider's form, a consent page); the last one logs in. */
  login: StepSpec | StepSpec[];
  credentials: CredentialsSpec;
  whoami: WhoamiSpec;
  write?: ValueRequestSpec;
  read?: ValueRequestSpec;
  /** One step or several (a page holding a fresh CSRF token, then the logout). */
  logout?: StepSpec | StepSpec[];
  /** Name of the session cookie (its short hash is recorded on every op). */
  sessionCookie: string;
  /**
   * Token sessions: the captured variable holding the session token (sent as a header). Its short hash is
   * recorded on every op instead of the cookie's; a logout forgets it.
   */
  sessionToken?: string;
  node: NodeNaming;
  /** Origins (scheme://host:port) besides the target a redirect may go to (identity providers). */
  allowedOrigins: string[];
  /** Most hops a redirect chain may take before it is recorded as a loop. */
  maxHops: number;
  /**
   * Most bytes of an answer's body read (default {@link DEFAULT_MAX_BODY_BYTES}): a longer answer is
   * `response-too-large`, its connection closed and the rest never downloaded.
   */
  maxBodyBytes?: number;
  jarLifetime: JarLifetime;
  /** Chance per iteration (0..1) that a VU logs out and logs in again. */
  logoutChance: number;
}

/** Default of `journey.maxBodyBytes`: 1 MiB, more than any real login page or JSON answer. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Bounds of `journey.maxBodyBytes`: a kibibyte, up to 256 MiB per answer in flight. */
export const MAX_BODY_BYTES_RANGE = { min: 1024, max: 256 * 1024 * 1024 } as const;

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

/**
 * What a journey written out for a URL target starts from: the lab's conventions for the fields that are not
 * requests; `login` and `whoami` must be given, and `visit`, `write`, `read`, `logout` are off unless given.
 */
export const URL_JOURNEY_BASE: Omit<JourneySpec, 'login' | 'whoami'> = {
  loginPage: DEFAULT_JOURNEY.loginPage,
  credentials: DEFAULT_JOURNEY.credentials,
  sessionCookie: DEFAULT_JOURNEY.sessionCookie,
  node: DEFAULT_JOURNEY.node,
  allowedOrigins: [],
  maxHops: DEFAULT_JOURNEY.maxHops,
  jarLifetime: DEFAULT_JOURNEY.jarLifetime,
  logoutChance: DEFAULT_JOURNEY.logoutChance,
};

/** Fills the unset fields of a partial journey from the default one (nested requests are replaced whole). */
export function withJourneyDefaults(partial: Partial<JourneySpec>): JourneySpec {
  return { ...DEFAULT_JOURNEY, ...partial };
}
