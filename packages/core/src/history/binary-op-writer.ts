import { HOP_BITS, MAX_STRING_BYTES, MAX_STRINGS, RECORD, VALUE_TAG, VU_BITS } from './binary-format.ts';
import type { BinaryEncoderOptions } from './binary-encoder-options.ts';
import {
  CACHE_VUS,
  COOKIE_KEYS,
  cookieMask,
  FIELD_COUNT,
  flagBits,
  HOP_KEYS,
  inOrder,
  isUint,
  SLOT,
  stepCode,
  typeCode,
  VU_FIELDS,
} from './binary-op-checks.ts';
import { ByteSink } from './byte-sink.ts';
import type { CookieRef, DataValue, Hop, VuOp } from './op.ts';

/**
 * Writes a VU op's record body (layout: binary-format.ts) into {@link body}, and owns the string
 * table: a string seen first becomes a string entry record, appended to the encoder's output
 * right away so that it comes before the record of the op that uses it.
 */
export class BinaryOpWriter {
  /** The last op's body, rebuilt by each {@link vuOp}. */
  readonly body: ByteSink;
  readonly #out: ByteSink;
  readonly #strings = new Map<string, number>();
  // One-entry caches by VU (the low bits of its number) and field slot.
  readonly #lastText: (string | undefined)[] = Array.from(
    { length: CACHE_VUS * SLOT.count },
    () => undefined,
  );
  readonly #lastRef: number[] = Array.from({ length: CACHE_VUS * SLOT.count }, () => 0);
  #base = 0;
  readonly #text = new TextEncoder();
  readonly #maxStrings: number;
  readonly #maxStringBytes: number;

  constructor(out: ByteSink, options: BinaryEncoderOptions) {
    this.#out = out;
    this.body = new ByteSink(1024);
    this.#maxStrings = Math.min(options.maxStrings ?? MAX_STRINGS, MAX_STRINGS);
    this.#maxStringBytes = Math.min(options.maxStringBytes ?? MAX_STRING_BYTES, MAX_STRING_BYTES);
  }

  /** Writes a VU op's body; false (with nothing usable written) when the layout cannot hold it exactly. */
  vuOp(op: VuOp, index: number): boolean {
    this.body.length = 0;
    // One pass over the own keys reads each value once. The keys must come in VU_OP_FIELDS order
    // (a decoded op's, so the NDJSON line made from it is this op's): a cursor walks that list
    // once per op, so finding each key's field costs a pointer compare or two, not a string
    // switch. A key out of that order, or one the format does not know, sends the op to JSON,
    // which keeps its order and every key.
    let type, step, id, time, process, epoch, method, url, status, hops, redirectLoop, node, identity;
    let user, value, session, cacheable, latency, error, bodyBytes, aborted, notSent, probe;
    const o = op as unknown as Record<string, unknown>;
    let p = 0;
    let ownIndex = false;
    for (const key in o) {
      const v = o[key];
      // JSON leaves an undefined out; an own `index` is renumbered whatever its value, in its place.
      if (v === undefined && key !== 'index') continue;
      while (p < FIELD_COUNT && VU_FIELDS[p] !== key) p++;
      // A numeric switch is a jump table: the value lands in its local at once.
      switch (p++) {
        case 0:
          ownIndex = true;
          break;
        case 1:
          id = v;
          break;
        case 2:
          type = typeCode(v);
          break;
        case 3:
          time = v;
          break;
        case 4:
          process = v;
          break;
        case 5:
          step = stepCode(v);
          break;
        case 6:
          epoch = v;
          break;
        case 7:
          method = v;
          break;
        case 8:
          url = v;
          break;
        case 9:
          status = v;
          break;
        case 10:
          hops = v;
          break;
        case 11:
          redirectLoop = v;
          break;
        case 12:
          node = v;
          break;
        case 13:
          identity = v;
          break;
        case 14:
          user = v;
          break;
        case 15:
          value = v;
          break;
        case 16:
          session = v;
          break;
        case 17:
          cacheable = v;
          break;
        case 18:
          latency = v;
          break;
        case 19:
          error = v;
          break;
        case 20:
          bodyBytes = v;
          break;
        case 21:
          aborted = v;
          break;
        case 22:
          notSent = v;
          break;
        case 23:
          probe = v;
          break;
        default:
          return false;
      }
    }
    // No own index: the renumbered NDJSON line would hold it last.
    if (!ownIndex) return false;
    if (type === undefined || step === undefined || typeof time !== 'number') return false;
    if (!isUint(index) || !isUint(id) || !isUint(process) || !isUint(epoch)) return false;
    this.#base = (process & (CACHE_VUS - 1)) * SLOT.count;
    let mask = 0;
    if (method !== undefined) mask |= VU_BITS.method;
    if (url !== undefined) mask |= VU_BITS.url;
    if (status !== undefined) mask |= VU_BITS.status;
    if (node !== undefined) mask |= VU_BITS.node;
    if (latency !== undefined) mask |= VU_BITS.latency;
    if (session !== undefined) mask |= VU_BITS.session;
    if (identity !== undefined) mask |= identity === null ? VU_BITS.identityNull : VU_BITS.identity;
    if (value !== undefined) mask |= VU_BITS.value;
    if (hops !== undefined) mask |= VU_BITS.hops;
    if (user !== undefined) mask |= VU_BITS.user;
    if (error !== undefined) mask |= VU_BITS.error;
    if (bodyBytes !== undefined) mask |= VU_BITS.bodyBytes;
    if (probe !== undefined) mask |= VU_BITS.probe;
    const flags = flagBits(cacheable, aborted, notSent, redirectLoop);
    if (flags === -1) return false;
    mask |= flags;
    const b = this.body;
    b.varint(mask);
    b.byte((type << 3) | step);
    b.varint(index);
    b.varint(id);
    b.f64(time);
    b.varint(process);
    b.varint(epoch);
    if (method !== undefined && !this.#str(method, SLOT.method)) return false;
    if (url !== undefined && !this.#str(url, SLOT.url)) return false;
    if (status !== undefined && !this.#uint(status)) return false;
    if (node !== undefined && !this.#str(node, SLOT.node)) return false;
    if (latency !== undefined && !this.#f64(latency)) return false;
    if (session !== undefined && !this.#str(session, SLOT.session)) return false;
    if (identity !== undefined && identity !== null && !this.#str(identity, SLOT.identity)) return false;
    if (value !== undefined && !this.#value(value as DataValue)) return false;
    if (hops !== undefined && !this.#hops(hops as Hop[])) return false;
    if (user !== undefined && !this.#str(user, SLOT.user)) return false;
    if (error !== undefined && !this.#str(error, SLOT.other)) return false;
    if (bodyBytes !== undefined && !this.#uint(bodyBytes)) return false;
    if (probe !== undefined && !this.#str(probe, SLOT.other)) return false;
    return true;
  }

  #uint(n: unknown): boolean {
    if (!isUint(n)) return false;
    this.body.varint(n);
    return true;
  }

  #f64(x: unknown): boolean {
    if (typeof x !== 'number') return false;
    this.body.f64(x);
    return true;
  }

  /** A string reference: a table entry (added on first sight, within the caps) or inline bytes. */
  #str(s: unknown, slot: number): boolean {
    const b = this.body;
    // The last table entry written in this slot by this VU: a VU's fields repeat from op to op
    // (its user, session, node, URLs), and a compare is cheaper than hashing into the table.
    // Table entries never change once made, so a stale slot only misses.
    const at = this.#base + slot;
    if (s === this.#lastText[at]) {
      b.varint(this.#lastRef[at]! + 1);
      return true;
    }
    const known = this.#strings.get(s as string);
    if (known !== undefined) {
      this.#lastText[at] = s as string;
      this.#lastRef[at] = known;
      b.varint(known + 1);
      return true;
    }
    // A lone surrogate has no UTF-8 form: TextEncoder would change it. Such an op goes as JSON.
    if (typeof s !== 'string' || !s.isWellFormed()) return false;
    // UTF-8 never has fewer bytes than UTF-16 code units, so a longer string cannot fit.
    const fits = this.#strings.size < this.#maxStrings && s.length <= this.#maxStringBytes;
    const bytes = this.#text.encode(s);
    if (fits && bytes.length <= this.#maxStringBytes) {
      const k = this.#strings.size;
      this.#strings.set(s, k);
      const out = this.#out;
      out.varint(bytes.length + 1);
      out.byte(RECORD.string);
      out.append(bytes);
      b.varint(k + 1);
    } else {
      b.varint(0);
      b.varint(bytes.length);
      b.append(bytes);
    }
    return true;
  }

  #value(v: DataValue): boolean {
    const b = this.body;
    if (v === null) b.byte(VALUE_TAG.null);
    else if (typeof v === 'number') {
      b.byte(VALUE_TAG.number);
      b.f64(v);
    } else if (typeof v === 'string') {
      b.byte(VALUE_TAG.string);
      return this.#str(v, SLOT.other);
    } else if (Array.isArray(v)) {
      b.byte(VALUE_TAG.list);
      b.varint(v.length);
      for (const item of v) {
        if (typeof item === 'number') {
          b.byte(VALUE_TAG.number);
          b.f64(item);
        } else if (typeof item === 'string') {
          b.byte(VALUE_TAG.string);
          if (!this.#str(item, SLOT.other)) return false;
        } else return false;
      }
    } else return false;
    return true;
  }

  #hops(hops: Hop[]): boolean {
    if (!Array.isArray(hops)) return false;
    const b = this.body;
    b.varint(hops.length);
    for (const h of hops) {
      if (typeof h !== 'object' || h === null || !Array.isArray(h.sent) || !Array.isArray(h.set))
        return false;
      if (!inOrder(h, HOP_KEYS)) return false;
      b.byte((h.location !== undefined ? HOP_BITS.location : 0) | (h.node !== undefined ? HOP_BITS.node : 0));
      if (!this.#str(h.method, SLOT.method) || !this.#str(h.url, SLOT.url) || !this.#uint(h.status))
        return false;
      if (h.location !== undefined && !this.#str(h.location, SLOT.url)) return false;
      if (h.node !== undefined && !this.#str(h.node, SLOT.node)) return false;
      if (!this.#cookies(h.sent) || !this.#cookies(h.set)) return false;
    }
    return true;
  }

  #cookies(cookies: CookieRef[]): boolean {
    const b = this.body;
    b.varint(cookies.length);
    for (const c of cookies) {
      if (typeof c !== 'object' || c === null || !inOrder(c, COOKIE_KEYS)) return false;
      const mask = cookieMask(c);
      if (mask === -1) return false;
      b.varint(mask);
      if (!this.#str(c.name, SLOT.cookieName) || !this.#str(c.hash, SLOT.session)) return false;
      if (c.domain !== undefined && !this.#str(c.domain, SLOT.other)) return false;
      if (c.path !== undefined && !this.#str(c.path, SLOT.other)) return false;
    }
    return true;
  }
}
