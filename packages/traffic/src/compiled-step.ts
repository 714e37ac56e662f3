import {
  CompiledTemplate,
  isFormStep,
  isPauseStep,
  parseDuration,
  stepKindOf,
  stepsOf,
  type CaptureInput,
  type JourneySpec,
  type JsonValue,
  type StepKindName,
  type StepSpec,
} from '@sessionchaos/core';
import { compileCapture, type Capture } from './capture.ts';
import type { Lookup } from './lookup.ts';
import { bodyStrings, mayBeMissing } from './missing-value.ts';

// Lookup lives in its own file because missing-value.ts needs it too and is imported from here;
// re-exported so the step's importers (virtual-user, the package index) keep one place to read it.
export type { Lookup } from './lookup.ts';

/** A body, rendered. */
export interface RenderedBody {
  body: string;
  contentType: string;
}

/** A step compiled once per run: templates split, captures compiled, headers merged with the journey's. */
export interface CompiledStep {
  spec: StepSpec;
  /** Its kind (core's `STEP_KIND_REGISTRY`): which of `STEP_RUNNERS` walks it. */
  kind: StepKindName;
  /** A pause step's length. */
  pauseMs?: number;
  method: string;
  /** The request path (or the form's page); absent for a form on the current page. */
  path?: CompiledTemplate;
  form?: {
    selector?: string;
    fields: [string, CompiledTemplate][];
    /** Variables of the fields that may have no value (see `needs`). */
    needs?: string[];
  };
  /** Forms the answer may lead to, submitted in order within the step when shown (see `RequestSpec.forms`). */
  pageForms?: { selector?: string; fields: [string, CompiledTemplate][] }[];
  /** Journey-wide headers, then the step's own (which win). */
  headers: [string, CompiledTemplate][];
  body?: (lookup: Lookup) => RenderedBody;
  captures: { name: string; capture: Capture; input: CaptureInput }[];
  expect?: ReadonlySet<number>;
  /** whoami's identity, or read/write's value. */
  extract?: { capture: Capture; input: CaptureInput };
  /**
   * Variables of the path and body (a form step: its page) that may have no value when the step is
   * built (captures, cookies, `{{value}}`): one missing makes the step not-sent. Headers are not
   * among them: a header needing a value not captured yet (a token before login) is left out.
   */
  needs?: string[];
}

type JsonBuilder = (lookup: Lookup) => unknown;

function compileJson(v: JsonValue): JsonBuilder {
  if (typeof v === 'string') {
    const t = new CompiledTemplate(v);
    if (!t.dynamic) return () => v;
    // A string that is exactly one variable keeps its type: a number written stays a number.
    if (t.whole !== undefined) {
      const name = t.whole;
      return (lookup) => lookup(name) ?? '';
    }
    return (lookup) => t.render(lookup);
  }
  if (Array.isArray(v)) {
    const items = v.map(compileJson);
    return (lookup) => items.map((b) => b(lookup));
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).map(([k, x]): [string, JsonBuilder] => [k, compileJson(x)]);
    return (lookup) => {
      const out: Record<string, unknown> = {};
      for (const [k, b] of entries) out[k] = b(lookup);
      return out;
    };
  }
  return () => v;
}

function compileBody(spec: StepSpec): CompiledStep['body'] {
  if (isFormStep(spec) || isPauseStep(spec) || spec.body === undefined) return undefined;
  const type = spec.bodyType ?? 'json';
  if (type === 'form') {
    const fields = Object.entries(spec.body as Record<string, string | number | boolean>).map(
      ([k, v]): [string, CompiledTemplate] => [k, new CompiledTemplate(String(v))],
    );
    return (lookup) => {
      const params = new URLSearchParams();
      for (const [k, t] of fields) params.append(k, t.render(lookup) ?? '');
      return { body: params.toString(), contentType: 'application/x-www-form-urlencoded' };
    };
  }
  if (type === 'raw') {
    const t = new CompiledTemplate(String(spec.body));
    const contentType = spec.contentType ?? 'text/plain';
    return (lookup) => ({ body: t.render(lookup) ?? '', contentType });
  }
  const build = compileJson(spec.body);
  return (lookup) => ({ body: JSON.stringify(build(lookup)), contentType: 'application/json' });
}

function headersOf(...maps: (Record<string, string> | undefined)[]): [string, CompiledTemplate][] {
  const merged = new Map<string, string>();
  for (const m of maps) for (const [k, v] of Object.entries(m ?? {})) merged.set(k.toLowerCase(), v);
  return [...merged].map(([k, v]) => [k, new CompiledTemplate(v)]);
}

/** Compiles one step of `journey` (`extract`: whoami's identity or a read/write's value). */
export function compileStep(spec: StepSpec, journey: JourneySpec, extract?: CaptureInput): CompiledStep {
  if (isPauseStep(spec)) {
    const ms = parseDuration(spec.pause);
    // Validation refused a bad duration before any run: a number here is all that can arrive.
    return {
      spec,
      kind: 'pause',
      method: 'GET',
      headers: [],
      captures: [],
      pauseMs: typeof ms === 'number' ? ms : 0,
    };
  }
  const step: CompiledStep = {
    spec,
    kind: stepKindOf(spec).name,
    method: isFormStep(spec) ? 'GET' : spec.method,
    headers: headersOf(journey.headers, spec.headers),
    captures: Object.entries(spec.capture ?? {}).map(([name, input]) => ({
      name,
      input,
      capture: compileCapture(input),
    })),
  };
  const path = isFormStep(spec) ? spec.form.page : spec.path;
  if (path !== undefined) step.path = new CompiledTemplate(path);
  if (isFormStep(spec)) {
    step.form = {
      fields: Object.entries(spec.form.fields ?? {}).map(([k, v]): [string, CompiledTemplate] => [
        k,
        new CompiledTemplate(v),
      ]),
    };
    if (spec.form.selector !== undefined) step.form.selector = spec.form.selector;
    const needs = mayBeMissing(Object.values(spec.form.fields ?? {}));
    if (needs) step.form.needs = needs;
  }
  if (!isFormStep(spec) && spec.forms)
    step.pageForms = spec.forms.map((f) => ({
      ...(f.selector !== undefined ? { selector: f.selector } : {}),
      fields: Object.entries(f.fields ?? {}).map(([k, v]): [string, CompiledTemplate] => [
        k,
        new CompiledTemplate(v),
      ]),
    }));
  const body = compileBody(spec);
  if (body) step.body = body;
  const needs = mayBeMissing([
    ...(path !== undefined ? [path] : []),
    ...(isFormStep(spec) ? [] : bodyStrings(spec.body)),
  ]);
  if (needs) step.needs = needs;
  if (spec.expect?.status) step.expect = new Set(spec.expect.status);
  if (extract !== undefined) step.extract = { input: extract, capture: compileCapture(extract) };
  return step;
}

/** Roles that may take several steps. */
export type MultiStepRole = 'visit' | 'login' | 'logout';

/** Every step of a journey, compiled once for a run. */
export interface CompiledJourney {
  visit: CompiledStep[];
  login: CompiledStep[];
  logout: CompiledStep[];
  whoami: CompiledStep;
  write?: CompiledStep;
  read?: CompiledStep;
}

/** Compiles a validated journey. */
export function compileJourney(journey: JourneySpec): CompiledJourney {
  const many = (role: MultiStepRole): CompiledStep[] =>
    stepsOf(journey[role]).map((s) => compileStep(s, journey));
  const out: CompiledJourney = {
    visit: many('visit'),
    login: many('login'),
    logout: many('logout'),
    whoami: compileStep(journey.whoami, journey, journey.whoami.identity),
  };
  if (journey.write) out.write = compileStep(journey.write, journey, journey.write.value);
  if (journey.read) out.read = compileStep(journey.read, journey, journey.read.value);
  return out;
}
