import {
  DATA_SEMANTICS,
  DEFAULT_MAX_BODY_BYTES,
  JAR_LIFETIMES,
  MAX_BODY_BYTES_RANGE,
  URL_JOURNEY_BASE,
  type JourneySpec,
} from '../journey.ts';
import {
  HEADER_NAME_SCHEMA,
  objectSchema,
  oneOf,
  SHARE,
  TEMPLATES,
  whole,
  type Field,
  type FieldTable,
} from './field.ts';
import { CAPTURE_REF, REQUEST_FIELDS, STEP_REF } from './step-fields.ts';

const STEPS = { anyOf: [STEP_REF, { type: 'array', items: STEP_REF, minItems: 1 }] };
const REQUEST = { title: 'a request step', fields: REQUEST_FIELDS };

/** `whoami`: a request, and where its answer names the user. */
export const WHOAMI_FIELDS = {
  ...REQUEST_FIELDS,
  identity: {
    type: 'capture',
    description:
      'Where the answer names the user. A 2xx answer where it is not found, a 401/403, or a bounce to loginPage means "anonymous".',
    example: '$.user',
    required: true,
    schema: CAPTURE_REF,
  },
} satisfies FieldTable;

const value: Field = {
  type: 'capture',
  description:
    "Where the answer holds the session value: the value (`set`), the count (`increment`) or the list (`append`). A write sends `{{value}}`, the VU's write number (1, 2, 3...); under `increment` each acknowledged write counts as one increment, whatever it sends, and reads must show at least that count.",
  example: '$.value',
  required: true,
  schema: CAPTURE_REF,
};

/** `read`: a request, and where its answer holds the session value. */
export const READ_FIELDS = { ...REQUEST_FIELDS, value } satisfies FieldTable;

/** `write`: a request, where its answer holds the value, and what a write does. */
export const WRITE_FIELDS = {
  ...READ_FIELDS,
  semantics: {
    ...oneOf(DATA_SEMANTICS),
    description:
      'What a write does, so reads are judged by the right rule: `set` (a read returns the last value written), `increment` (a counter: reads are checked against the increments acknowledged), `append` (a list: every acknowledged item must be in every later read).',
    example: 'increment',
    default: 'set',
  },
} satisfies FieldTable;

const credential = (d: string, example: string): Field => ({
  type: 'template',
  description: d,
  example,
  schema: { type: 'string' },
});
/** `credentials` as templates. */
export const CREDENTIAL_FIELDS = {
  username: credential('Username of VU n (`{{vu}}` = 1, 2, ...).', 'user-{{vu}}@example.com'),
  password: credential('Its password.', 'secret'),
};

/** `node`: where the serving node's name is (exactly one of the two). */
export const NODE_FIELDS = {
  header: {
    type: 'header name',
    description: 'A response header naming the node.',
    example: 'x-served-by',
    schema: HEADER_NAME_SCHEMA,
  },
  cookie: {
    type: 'cookie name',
    description: "A cookie naming the node (a balancer's sticky cookie).",
    example: 'SERVERID',
    schema: HEADER_NAME_SCHEMA,
  },
} satisfies FieldTable;

/** `target.journey`: how a browser or a client uses the app (a URL target; the lab speaks its own). */
export const JOURNEY_FIELDS = {
  headers: {
    type: 'map of header -> template',
    description:
      'Headers sent with every request; one whose template uses a value not captured yet is left out (`Bearer {{token}}` before login).',
    example: { authorization: 'Bearer {{token}}' },
    schema: TEMPLATES,
  },
  visit: {
    type: 'step or list of steps',
    description:
      'Page(s) a VU opens before logging in, as a browser lands on the home page first (a session may start there). Absent on a URL target: none.',
    example: { method: 'GET', path: '/' },
    schema: STEPS,
  },
  loginPage: {
    type: 'path',
    description:
      'The login page: a request redirected there, or ending there after redirects, is "not authenticated" (a refusal, never a success); the session-fixation probe opens it to get a session before logging in.',
    example: '/accounts/login/',
    default: URL_JOURNEY_BASE.loginPage,
    schema: { type: 'string', pattern: '^/' },
  },
  login: {
    type: 'step or list of steps',
    description:
      "The steps that log in (a login page, an identity provider's form, a consent page); the last one logs in. A login succeeds when it is not refused, meets its `expect`, does not end on loginPage after redirects, and the whoami after it names the user: a form shown again in place (Tomcat's FORM login) is a failed login.",
    example: { form: { page: '/login', fields: { username: '{{username}}', password: '{{password}}' } } },
    required: true,
    schema: STEPS,
  },
  credentials: {
    type: '{username, password} or {rows}',
    description: 'Credentials per VU: templates, or rows (VU n takes row (n-1) mod rows).',
    example: { username: 'user-{{vu}}', password: 'secret' },
    default: URL_JOURNEY_BASE.credentials,
    fields: CREDENTIAL_FIELDS,
    schema: {
      anyOf: [
        objectSchema(CREDENTIAL_FIELDS, { required: ['username', 'password'] }),
        objectSchema(
          {
            rows: {
              type: 'list',
              description: 'One {username, password} a user.',
              example: [],
              schema: {
                type: 'array',
                minItems: 1,
                items: objectSchema(CREDENTIAL_FIELDS, { required: ['username', 'password'] }),
              },
            },
          },
          { required: ['rows'] },
        ),
      ],
    },
  },
  whoami: {
    type: 'request + identity',
    description: 'The request whose answer says who we are: a session exists once it names the user.',
    example: { method: 'GET', path: '/api/me', identity: '$.user' },
    required: true,
    fields: WHOAMI_FIELDS,
    like: REQUEST,
  },
  write: {
    type: 'request + value, semantics',
    description: 'Writes session data (optional): reads after it are checked for stale and lost values.',
    example: { method: 'POST', path: '/api/data', body: { value: '{{value}}' }, value: '$.value' },
    fields: WRITE_FIELDS,
    like: REQUEST,
  },
  read: {
    type: 'request + value',
    description: 'Reads the session data back (optional).',
    example: { method: 'GET', path: '/api/data', value: '$.value' },
    fields: READ_FIELDS,
    like: REQUEST,
  },
  logout: {
    type: 'step or list of steps',
    description:
      'Logs out (optional): a page holding a fresh CSRF token, then the logout. Absent on a URL target: VUs never log out and the logout probe is off.',
    example: { method: 'POST', path: '/logout' },
    schema: STEPS,
  },
  sessionCookie: {
    type: 'cookie name',
    description: 'The cookie holding the session: its short hash (never the value) follows each session.',
    example: 'JSESSIONID',
    default: URL_JOURNEY_BASE.sessionCookie,
    schema: HEADER_NAME_SCHEMA,
  },
  sessionToken: {
    type: 'captured name',
    description:
      "Token sessions: the captured variable holding the token (sent as a header); its short hash is recorded instead of the cookie's, and a logout forgets it.",
    example: 'token',
    schema: { type: 'string' },
  },
  node: {
    type: '{header} or {cookie}',
    description: "Where the serving node's name is, exactly one of the two.",
    example: { header: 'x-served-by' },
    default: URL_JOURNEY_BASE.node,
    fields: NODE_FIELDS,
    schema: { ...objectSchema(NODE_FIELDS), minProperties: 1, maxProperties: 1 },
  },
  allowedOrigins: {
    type: 'list of origins',
    description: 'Origins besides the target a redirect or a step may go to (an identity provider).',
    example: ['https://idp.example.com'],
    default: [],
    schema: { type: 'array', items: { type: 'string', pattern: '^https?://[^/]+$' } },
  },
  maxHops: {
    ...whole(1, 100),
    description: 'Most redirects one step follows before it is recorded as a redirect loop.',
    example: 5,
    default: URL_JOURNEY_BASE.maxHops,
  },
  maxBodyBytes: {
    ...whole(MAX_BODY_BYTES_RANGE.min, MAX_BODY_BYTES_RANGE.max),
    description: 'Most bytes of an answer read: a longer one is `response-too-large`, its connection closed.',
    example: 4194304,
    default: DEFAULT_MAX_BODY_BYTES,
  },
  jarLifetime: {
    ...oneOf(JAR_LIFETIMES),
    description:
      "How a VU's cookie jar lives: `run` (one for the whole run), `iteration` (a fresh one each iteration: a new user), `browser-restart` (session cookies dropped each iteration, persistent ones kept).",
    example: 'iteration',
    default: URL_JOURNEY_BASE.jarLifetime,
  },
  logoutChance: {
    ...SHARE,
    description: 'Chance per iteration that a VU logs out and logs in again.',
    example: 0.2,
    default: URL_JOURNEY_BASE.logoutChance,
  },
} satisfies Record<keyof JourneySpec, Field>;
