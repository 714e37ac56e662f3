import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../../checkers/options.ts';
import { DATA_SEMANTICS } from '../journey.ts';
import { DURATION, type Field, type FieldTable } from './field.ts';
import { formatDuration } from '../duration.ts';

/** What each checker option does; its type and default come from DEFAULT_CHECK_OPTIONS. */
const CHECK_DESCRIPTIONS = {
  loginPath: 'The login page for the checkers (from journey.loginPage).',
  sessionCookie: 'The session cookie for the checkers (from journey.sessionCookie).',
  idleTimeoutMs:
    "The target's idle session timeout: a refusal after this much inactivity is expected, not a loss.",
  absoluteTimeoutMs: "The target's absolute session lifetime.",
  logoutGraceMs: 'Time after an acknowledged logout before the old session must be refused everywhere.',
  windowMs: 'Window of the rate checks (unauthorized spike, error spike).',
  baselineWindows: 'Windows before the current one that form the unauthorized-rate baseline.',
  unauthorizedRate: "A window's 401/403 share must exceed this to be a spike...",
  unauthorizedFactor: '...and exceed the baseline by this factor.',
  minWindowRequests: 'Windows with fewer completions are not judged.',
  errorShare: "Share of a window's active VUs that must see errors for an outage or a spike.",
  minWindowVus: 'Windows with fewer active VUs are not judged.',
  hopCap: 'Redirect hops before a navigation counts as a loop.',
  hotspotEpsilon: "Hotspot tolerance: a node's share must stay under (1/N)(1+ε).",
  hotspotWindowMs: 'Window over which node shares are judged.',
  hotspotMinSamples: 'Fewest live sessions (or requests) before a share is judged.',
  nodes: 'Number of app nodes (from target.nodes or the lab); absent: the nodes seen in the history.',
  afterFaultMs:
    'How long after a fault heals its effects are still attributed to it (the after-fault scope).',
  sampleSize: 'VU ids kept per finding.',
  dataSemantics: 'How reads are judged (from journey.write.semantics).',
  lostAfterMs:
    'Under increment and append: how long reads must keep missing an acknowledged write for it to be lost rather than stale.',
  minLoggedIn:
    'Share of the users that tried to log in who must have logged in once, or the run is unknown (the journey failed, not the store).',
} satisfies Record<keyof CheckOptions, string>;

/** The name a file writes an option under: durations without their `Ms` (afterFault: 10s). */
export function checkWrittenName(option: string): string {
  return option.endsWith('Ms') ? option.slice(0, -2) : option;
}

function checkField(option: keyof CheckOptions): Field {
  const dflt: unknown = DEFAULT_CHECK_OPTIONS[option];
  const description = CHECK_DESCRIPTIONS[option];
  if (option.endsWith('Ms'))
    return {
      type: 'duration',
      description,
      example: formatDuration((dflt as number) * 2),
      default: formatDuration(dflt as number),
      schema: DURATION,
    };
  if (option === 'dataSemantics')
    return {
      type: 'string',
      description,
      example: 'increment',
      default: dflt,
      values: DATA_SEMANTICS,
      schema: { enum: [...DATA_SEMANTICS] },
    };
  if (typeof dflt === 'string')
    return { type: 'string', description, example: dflt, default: dflt, schema: { type: 'string' } };
  if (option === 'minLoggedIn')
    return {
      type: 'number 0..1',
      description,
      example: 0.5,
      default: dflt,
      schema: { type: 'number', minimum: 0, maximum: 1 },
    };
  return {
    type: 'number',
    description,
    example: typeof dflt === 'number' ? dflt * 2 : 3,
    ...(dflt !== undefined ? { default: dflt } : {}),
    schema: { type: 'number', minimum: 0 },
  };
}

const OPTIONS = Object.keys(CHECK_DESCRIPTIONS) as (keyof CheckOptions)[];

/** `check`: checker options, by the name a file writes (durations without `Ms`). */
export const CHECK_FIELDS: FieldTable = Object.fromEntries(
  OPTIONS.map((o) => [checkWrittenName(o), checkField(o)]),
);

/** The `...Ms` spellings of the duration options, also accepted (in ms or as a duration). */
export const CHECK_MS_FIELDS: FieldTable = Object.fromEntries(
  OPTIONS.filter((o) => o.endsWith('Ms')).map((o) => [
    o,
    { ...checkField(o), description: `Same as ${checkWrittenName(o)}.` },
  ]),
);
