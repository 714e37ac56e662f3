import type { CookieRef, DataValue, Hop, OpType, VuOp, VuStep } from './op.ts';

/**
 * Every VuOp field, in the order a decoded op holds them. `satisfies` makes this fail to compile
 * when a field is added to VuOp (or removed) until the binary format handles it: a field the
 * encoder does not know would be dropped silently. `role` is left out on purpose: it is rare (the
 * failed step of a multi-step role), so an op holding it is written as a JSON op, which keeps every key.
 */
export const VU_OP_FIELDS = Object.keys({
  index: 0,
  id: 0,
  type: 0,
  time: 0,
  process: 0,
  step: 0,
  epoch: 0,
  method: 0,
  url: 0,
  status: 0,
  hops: 0,
  redirectLoop: 0,
  node: 0,
  identity: 0,
  user: 0,
  value: 0,
  session: 0,
  cacheable: 0,
  latency: 0,
  error: 0,
  bodyBytes: 0,
  aborted: 0,
  notSent: 0,
  probe: 0,
} satisfies Record<Exclude<keyof VuOp, 'role'>, 0>) as (keyof VuOp)[];

// Hop and CookieRef are checked the same way (the objects themselves are unused).
({ method: 0, url: 0, status: 0, location: 0, sent: 0, set: 0, node: 0 }) satisfies Record<keyof Hop, 0>;
({ name: 0, hash: 0, secure: 0, sameSite: 0, domain: 0, path: 0, cleared: 0 }) satisfies Record<
  keyof CookieRef,
  0
>;

/**
 * A VU op with every key present, in {@link VU_OP_FIELDS} order (absent = undefined): every decoded
 * VU op gets this one hidden class, so the checkers' property reads stay monomorphic.
 */
export function makeVuOp(
  index: number,
  id: number,
  type: OpType,
  time: number,
  process: number,
  step: VuStep,
  epoch: number,
  method: string | undefined,
  url: string | undefined,
  status: number | undefined,
  hops: Hop[] | undefined,
  redirectLoop: 'repeat' | 'cap' | undefined,
  node: string | undefined,
  identity: string | null | undefined,
  user: string | undefined,
  value: DataValue | undefined,
  session: string | undefined,
  cacheable: boolean | undefined,
  latency: number | undefined,
  error: string | undefined,
  bodyBytes: number | undefined,
  aborted: true | undefined,
  notSent: true | undefined,
  probe: string | undefined,
): VuOp {
  return {
    index,
    id,
    type,
    time,
    process,
    step,
    epoch,
    method,
    url,
    status,
    hops,
    redirectLoop,
    node,
    identity,
    user,
    value,
    session,
    cacheable,
    latency,
    error,
    bodyBytes,
    aborted,
    notSent,
    probe,
  };
}

/** A VU op (parsed from JSON, say) recast into the one shape of {@link makeVuOp}. */
export function reshapeVuOp(o: VuOp): VuOp {
  const hops = o.hops?.map((h) =>
    makeHop(
      h.method,
      h.url,
      h.status,
      h.location,
      h.sent.map(reshapeCookie),
      h.set.map(reshapeCookie),
      h.node,
    ),
  );
  return makeVuOp(
    o.index,
    o.id,
    o.type,
    o.time,
    o.process,
    o.step,
    o.epoch,
    o.method,
    o.url,
    o.status,
    hops,
    o.redirectLoop,
    o.node,
    o.identity,
    o.user,
    o.value,
    o.session,
    o.cacheable,
    o.latency,
    o.error,
    o.bodyBytes,
    o.aborted,
    o.notSent,
    o.probe,
  );
}

/** A hop with every key present, in one fixed order. */
export function makeHop(
  method: string,
  url: string,
  status: number,
  location: string | undefined,
  sent: CookieRef[],
  set: CookieRef[],
  node: string | undefined,
): Hop {
  return { method, url, status, location, sent, set, node };
}

/** A cookie with every key present, in one fixed order. */
export function makeCookie(
  name: string,
  hash: string,
  secure: boolean | undefined,
  sameSite: CookieRef['sameSite'],
  domain: string | undefined,
  path: string | undefined,
  cleared: boolean | undefined,
): CookieRef {
  return { name, hash, secure, sameSite, domain, path, cleared };
}

function reshapeCookie(c: CookieRef): CookieRef {
  return makeCookie(c.name, c.hash, c.secure, c.sameSite, c.domain, c.path, c.cleared);
}
