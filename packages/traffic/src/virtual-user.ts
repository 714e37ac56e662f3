import {
  compileLocation,
  completionType,
  renderTemplate,
  type Extractor,
  type JourneySpec,
  type RequestSpec,
  type VuOp,
  type VuStep,
} from '@sessionchaos/core';
import type { Dispatcher } from 'undici';
import { VuJar } from './cookie-jar.ts';
import { exchange, type ExchangeOptions } from './exchange.ts';
import { shortHash } from './hash.ts';
import type { InvokeFields, Recorder } from './recorder.ts';
import type { Random } from '@sessionchaos/core';
import type { StopSignal } from './stop-signal.ts';

/** What every VU of a run shares: the client, the recorder, the journey and its compiled extractors. */
export interface VuContext {
  client: Dispatcher;
  recorder: Recorder;
  journey: JourneySpec;
  /** Target origin, e.g. `http://127.0.0.1:8080`. */
  origin: string;
  exchange: ExchangeOptions;
  extract: { identity: Extractor; write?: Extractor; read?: Extractor };
  stop: StopSignal;
}

/** Per-step extras: the value to write, a probe name, a cookie header to replay, another origin. */
export interface StepExtras {
  value?: string | number;
  probe?: string;
  cookieOverride?: string;
  origin?: string;
}

/** Compiles the journey's value locations once per run. */
export function compileExtractors(journey: JourneySpec): VuContext['extract'] {
  return {
    identity: compileLocation(journey.whoami.identity),
    write: journey.write ? compileLocation(journey.write.value) : undefined,
    read: journey.read ? compileLocation(journey.read.value) : undefined,
  };
}

/**
 * One simulated person: own cookie jar, credentials, seeded random and journey state. Each
 * `step` is one op pair in the history. Kept small: a run may hold 100,000 of them.
 */
export class VirtualUser {
  readonly id: number;
  readonly user: string;
  readonly password: string;
  readonly random: Random;
  jar = new VuJar();
  epoch = 0;
  loggedIn = false;
  iteration = 0;
  writes = 0;
  /** Open model: the intended start (run ms) the next request's latency counts from. */
  intendedStart: number | undefined;

  constructor(id: number, user: string, password: string, random: Random) {
    this.id = id;
    this.user = user;
    this.password = password;
    this.random = random;
  }

  /** Sends one journey request (redirects followed) and records it as an invoke and a completion. */
  async step(ctx: VuContext, step: VuStep, req: RequestSpec, extras: StepExtras = {}): Promise<VuOp> {
    const { journey, recorder } = ctx;
    const vars = {
      vu: this.id,
      username: this.user,
      password: this.password,
      iteration: this.iteration,
      value: extras.value,
    };
    const origin = extras.origin ?? ctx.origin;
    const path = renderTemplate(req.path, vars);
    const url = origin + path;
    let body: string | undefined;
    let contentType: string | undefined;
    if (req.body !== undefined) {
      if (req.bodyType === 'form') {
        body = new URLSearchParams(
          Object.entries(req.body).map(([k, t]): [string, string] => [k, renderTemplate(t, vars)]),
        ).toString();
        contentType = 'application/x-www-form-urlencoded';
      } else {
        const obj: Record<string, string | number | undefined> = {};
        // A field that is exactly `{{value}}` keeps the value's type (a number stays a number).
        for (const [k, t] of Object.entries(req.body))
          obj[k] = t === '{{value}}' ? extras.value : renderTemplate(t, vars);
        body = JSON.stringify(obj);
        contentType = 'application/json';
      }
    }
    const sent = extras.cookieOverride === undefined ? this.jar.outgoing(url) : undefined;
    const sessionBefore = sent
      ? sent.refs.find((c) => c.name === journey.sessionCookie)?.hash
      : sessionFromHeader(extras.cookieOverride ?? '', journey.sessionCookie);
    const invokeFields: InvokeFields = {
      process: this.id,
      step,
      epoch: this.epoch,
      method: req.method,
      url,
      user: this.user,
    };
    if (sessionBefore !== undefined) invokeFields.session = sessionBefore;
    if (step === 'write') invokeFields.value = extras.value;
    if (extras.probe !== undefined) invokeFields.probe = extras.probe;
    const invoke = recorder.invoke(invokeFields);
    const start = this.intendedStart !== undefined ? recorder.toClock(this.intendedStart) : performance.now();
    this.intendedStart = undefined;
    const r = await exchange(
      ctx.client,
      this.jar,
      {
        method: req.method,
        url,
        // The path is already split from the origin: no URL parse for the first hop.
        split:
          path.includes('?') || path.includes('#') || !path.startsWith('/') ? undefined : { origin, path },
        body,
        contentType,
        cookieOverride: extras.cookieOverride,
        firstCookies: sent,
      },
      ctx.exchange,
    );
    const latency = performance.now() - start;
    let session = sessionBefore;
    for (const h of r.hops) {
      if (h.set.length > 0) {
        const v = this.jar.value(r.finalUrl, journey.sessionCookie);
        session = v === undefined ? undefined : shortHash(v);
        break;
      }
    }
    // Plain assignments rather than conditional spreads: this runs once per request.
    const fields: Partial<VuOp> = { method: req.method, url, hops: r.hops, user: this.user, latency };
    if (r.status !== undefined) fields.status = r.status;
    if (r.node !== undefined) fields.node = r.node;
    if (session !== undefined) fields.session = session;
    if (r.redirectLoop !== undefined) fields.redirectLoop = r.redirectLoop;
    if (r.cacheable === true) fields.cacheable = true;
    if (r.error !== undefined) fields.error = r.error;
    if (r.notFollowed !== undefined)
      fields.error = `redirect to ${r.notFollowed} not followed: origin not allowed`;
    if (extras.probe !== undefined) fields.probe = extras.probe;
    const finalPath = r.finalUrl === url ? path : new URL(r.finalUrl).pathname;
    const atLoginPage = r.status !== undefined && finalPath === journey.loginPage;
    if (step === 'whoami' && r.status !== undefined) {
      const id = r.status === 401 || r.status === 403 || atLoginPage ? null : ctx.extract.identity(r.body);
      if (id !== undefined) fields.identity = id === null ? null : String(id);
    }
    const extractor = step === 'read' ? ctx.extract.read : step === 'write' ? ctx.extract.write : undefined;
    if (extractor && r.status !== undefined && r.status < 300) {
      const v = extractor(r.body);
      if (v !== undefined) fields.value = v;
    }
    let type = completionType(step, r.status, r.redirectLoop);
    // A login that lands back on the login page did not log in.
    if (step === 'login' && type === 'ok' && atLoginPage) type = 'fail';
    return recorder.complete(invoke, type, fields);
  }
}

function sessionFromHeader(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return shortHash(part.slice(eq + 1).trim());
  }
  return undefined;
}
