// Random ops of every kind, with every optional field, for the history codecs' property tests (binary and NDJSON).
import fc from 'fast-check';
import type { CookieRef, FaultOp, Hop, Op, VuOp } from '../../src/history/op.ts';

/** Strings: a small pool (so the string table is used), any Unicode, and lone surrogates (JSON path). */
export const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('/login', 'GET', 'app-1', 'sid', 'user-1', '', 'ü🍪') },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 250, maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);
/** Well-formed strings only: every VU op then takes the binary path, never JSON. */
export const wellFormed = fc.oneof(
  fc.constantFrom('/login', 'app-1', 'sid'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
// JSON has no -0, NaN or Infinity: ops that go as JSON (fault ops) would not keep them.
export const jsonNum = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
export const anyNum = fc.double();
const count = fc.oneof(fc.nat({ max: 300 }), fc.nat({ max: 1_000_000 }), fc.maxSafeNat());
const opType = fc.constantFrom('invoke', 'ok', 'fail', 'info') as fc.Arbitrary<Op['type']>;

function cookie(s: fc.Arbitrary<string>): fc.Arbitrary<CookieRef> {
  return fc.record(
    {
      name: s,
      hash: s,
      secure: fc.boolean(),
      sameSite: fc.constantFrom('strict', 'lax', 'none'),
      domain: s,
      path: s,
      cleared: fc.boolean(),
    },
    { requiredKeys: ['name', 'hash'] },
  );
}

function hop(s: fc.Arbitrary<string>): fc.Arbitrary<Hop> {
  return fc.record(
    {
      method: s,
      url: s,
      status: count,
      location: s,
      sent: fc.array(cookie(s), { maxLength: 3 }),
      set: fc.array(cookie(s), { maxLength: 3 }),
      node: s,
    },
    { requiredKeys: ['method', 'url', 'status', 'sent', 'set'] },
  );
}

/** A VU op with any subset of its optional fields. */
export function vuOp(
  s: fc.Arbitrary<string> = text,
  num: fc.Arbitrary<number> = jsonNum,
): fc.Arbitrary<VuOp> {
  return fc.record(
    {
      index: count,
      id: count,
      type: opType,
      time: num,
      process: fc.integer({ min: 1, max: 100_000 }),
      step: fc.constantFrom('visit', 'login', 'whoami', 'write', 'read', 'logout', 'request'),
      epoch: count,
      method: s,
      url: s,
      status: count,
      hops: fc.array(hop(s), { maxLength: 3 }),
      redirectLoop: fc.constantFrom('repeat', 'cap'),
      node: s,
      identity: fc.option(s),
      user: s,
      value: fc.oneof(s, num, fc.constant(null), fc.array(fc.oneof(s, num), { maxLength: 4 })),
      session: s,
      cacheable: fc.boolean(),
      latency: num,
      error: s,
      bodyBytes: count,
      aborted: fc.constant(true as const),
      notSent: fc.constant(true as const),
      probe: s,
    },
    { requiredKeys: ['index', 'id', 'type', 'time', 'process', 'step', 'epoch'] },
  );
}

/** A fault op with any subset of its optional fields. */
export const faultOp: fc.Arbitrary<FaultOp> = fc.record(
  {
    index: count,
    id: count,
    type: opType,
    time: jsonNum,
    process: fc.constant('fault' as const),
    fault: text,
    action: fc.constantFrom('kill', 'stop', 'restart', 'pause', 'partition', 'failover', 'exec', 'heal'),
    target: text,
    victims: fc.array(text, { maxLength: 3 }),
    detail: text,
    error: text,
    effectAt: jsonNum,
  },
  { requiredKeys: ['index', 'id', 'type', 'time', 'process', 'fault', 'action'] },
);

/** A value with every key whose value is undefined dropped, at any depth (decoded ops hold them all). */
export function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = dropUndefined(v);
  return out;
}
