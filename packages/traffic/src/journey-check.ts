import { deriveSeed, seededRandom, type JourneySpec, type VuOp } from '@sessionchaos/core';
import type { Dispatcher } from 'undici';
import type { Answer } from './capture.ts';
import { createHttpClient } from './http-client.ts';
import { credentialsOf } from './journey-runner.ts';
import { Recorder } from './recorder.ts';
import { VirtualUser } from './virtual-user.ts';
import { createVuContext } from './vu-context.ts';
import type { CheckedRole, CheckedStep, JourneyProblem } from './checked-step.ts';
import { formsOf } from './form-summary.ts';
import { diagnose } from './journey-diagnosis.ts';

/** The outcome of walking a journey once. */
export interface JourneyCheck {
  ok: boolean;
  user: string;
  steps: CheckedStep[];
  failure?: JourneyProblem;
  /** Not failures, but worth knowing (a logout that does not end the session). */
  warnings: string[];
}

/** What the walk needs. */
export interface JourneyCheckOptions {
  target: string;
  journey: JourneySpec;
  /** The VU number whose credentials are used (default 1). */
  vu?: number;
  client?: Dispatcher;
  timeoutMs?: number;
}

function redact(v: string | number): string {
  const s = String(v);
  return s.length <= 4
    ? `${'*'.repeat(s.length)} (${s.length} chars)`
    : `${s.slice(0, 2)}… (${s.length} chars)`;
}

/**
 * Walks the journey once with one virtual user (visit, login, whoami, write, read, logout, whoami
 * again) and explains every request; stops at the first step that fails, with the likely fix.
 * Not recorded in any history: it is a check before load, or a tool for writing the journey.
 */
export async function checkJourney(options: JourneyCheckOptions): Promise<JourneyCheck> {
  const own = options.client === undefined;
  const client =
    options.client ?? createHttpClient({ connections: 1, timeoutMs: options.timeoutMs ?? 10_000 });
  const n = options.vu ?? 1;
  const creds = credentialsOf(options.journey, n);
  const vu = new VirtualUser(n, creds.username, creds.password, seededRandom(deriveSeed(1, n)));
  const steps: CheckedStep[] = [];
  let role: CheckedRole = 'visit';
  const ctx = createVuContext({
    target: options.target,
    client,
    journey: options.journey,
    recorder: new Recorder(() => {}),
  });
  let known = new Map<string, string | number>();
  ctx.onAnswer = (op: VuOp, answer: Answer | undefined) => {
    // The step's captures are on the VU by the time its answer is reported: what changed is theirs.
    const captured: CheckedStep['captured'] = [];
    for (const [k, v] of vu.vars ?? [])
      if (known.get(k) !== v) captured.push({ name: k, redacted: redact(v) });
    known = new Map(vu.vars ?? []);
    steps.push({
      role,
      op,
      bodyStart: (answer?.body ?? '').replace(/\s+/g, ' ').trim().slice(0, 300),
      captured,
      forms: answer && /<form/i.test(answer.body) ? formsOf(answer) : [],
    });
  };
  const result: JourneyCheck = { ok: true, user: creds.username, steps, warnings: [] };
  const fail = (p: JourneyProblem | undefined): JourneyCheck => {
    if (p) {
      result.ok = false;
      result.failure = p;
    }
    return result;
  };
  try {
    const c = ctx.compiled;
    role = 'visit';
    await vu.role(ctx, 'visit');
    for (const [i, s] of steps.entries()) {
      // A visit that fails does not stop a run's login, but a capture or a form that fails does break it.
      if (s.op.type !== 'ok' && (s.op.notSent === true || /capture|form|origin/.test(s.op.error ?? '')))
        return fail(diagnose(steps, i, options.journey));
      if (s.op.type !== 'ok') result.warnings.push(`visit ${s.op.url} answered ${s.op.status ?? s.op.error}`);
    }
    role = 'login';
    const login = await vu.role(ctx, 'login');
    if (login?.type !== 'ok') return fail(diagnose(steps, steps.length - 1, options.journey));
    role = 'whoami';
    const me = await vu.step(ctx, 'whoami', c.whoami);
    if (me.identity !== creds.username) return fail(diagnose(steps, steps.length - 1, options.journey));
    if (c.write) {
      role = 'write';
      const w = await vu.step(ctx, 'write', c.write, { value: 1 });
      if (w.type !== 'ok') return fail(diagnose(steps, steps.length - 1, options.journey));
    }
    if (c.read) {
      role = 'read';
      const r = await vu.step(ctx, 'read', c.read);
      if (r.type !== 'ok' || (c.write && !readsBack(r.value, options.journey)))
        return fail(diagnose(steps, steps.length - 1, options.journey));
    }
    if (c.logout.length > 0) {
      role = 'logout';
      const out = await vu.role(ctx, 'logout');
      if (out?.type !== 'ok') return fail(diagnose(steps, steps.length - 1, options.journey));
      role = 'whoami-after-logout';
      const after = await vu.step(ctx, 'whoami', c.whoami);
      if (after.identity !== null)
        result.warnings.push(
          `after the logout, whoami still answered as ${JSON.stringify(after.identity ?? after.status)}: the logout did not end the session (the run's logout-not-propagated check will say so)`,
        );
    }
    return result;
  } finally {
    if (own) await client.close();
  }
}

/** Whether a read right after writing value 1 shows it, by the write's semantics. */
function readsBack(value: VuOp['value'], journey: JourneySpec): boolean {
  const semantics = journey.write?.semantics ?? 'set';
  if (semantics === 'append') return Array.isArray(value) && value.map(String).includes('1');
  if (semantics === 'increment') return typeof value === 'number' ? value >= 1 : Number(value) >= 1;
  return String(value) === '1';
}
