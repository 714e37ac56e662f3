import {
  COOKIE_BITS,
  HOP_BITS,
  MAX_STRING_BYTES,
  MAX_STRINGS,
  OP_TYPES,
  RECORD,
  SAME_SITES,
  VALUE_TAG,
  VU_BITS,
  VU_STEPS,
} from './binary-format.ts';
import type { BinaryEncoderOptions } from './binary-encoder-options.ts';
import { ByteSink } from './byte-sink.ts';
import type { CookieRef, DataValue, Hop, VuOp } from './op.ts';

const TYPE_CODE = new Map<string, number>(OP_TYPES.map((t, i) => [t, i]));
const STEP_CODE = new Map<string, number>(VU_STEPS.map((s, i) => [s, i]));
const SAME_SITE_CODE = new Map<string, number>(SAME_SITES.map((s, i) => [s, i]));

// A whole number the varint holds (the type says number; a rare fraction or negative goes as JSON).
const isUint = (n: unknown): n is number =>
  typeof n === 'number' && ((n as number) >>> 0 === n || (Number.isSafeInteger(n) && (n as number) > 0));

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
    // Ops come in many shapes (fields set in any order): one pass over the own keys reads each
    // value once, where a read per field name would be a megamorphic load each. A key the format
    // does not know sends the op to JSON, so nothing is dropped.
    let type, step, id, time, process, epoch, method, url, status, hops, redirectLoop, node, identity;
    let user, value, session, cacheable, latency, error, bodyBytes, aborted, notSent, probe;
    const o = op as unknown as Record<string, unknown>;
    for (const key in o) {
      const v = o[key];
      switch (key) {
        case 'index':
          break;
        case 'id':
          id = v;
          break;
        case 'type':
          type = TYPE_CODE.get(v as string);
          break;
        case 'time':
          time = v;
          break;
        case 'process':
          process = v;
          break;
        case 'step':
          step = STEP_CODE.get(v as string);
          break;
        case 'epoch':
          epoch = v;
          break;
        case 'method':
          method = v;
          break;
        case 'url':
          url = v;
          break;
        case 'status':
          status = v;
          break;
        case 'hops':
          hops = v;
          break;
        case 'redirectLoop':
          redirectLoop = v;
          break;
        case 'node':
          node = v;
          break;
        case 'identity':
          identity = v;
          break;
        case 'user':
          user = v;
          break;
        case 'value':
          value = v;
          break;
        case 'session':
          session = v;
          break;
        case 'cacheable':
          cacheable = v;
          break;
        case 'latency':
          latency = v;
          break;
        case 'error':
          error = v;
          break;
        case 'bodyBytes':
          bodyBytes = v;
          break;
        case 'aborted':
          aborted = v;
          break;
        case 'notSent':
          notSent = v;
          break;
        case 'probe':
          probe = v;
          break;
        default:
          if (v !== undefined) return false;
      }
    }
    if (type === undefined || step === undefined || typeof time !== 'number') return false;
    if (!isUint(index) || !isUint(id) || !isUint(process) || !isUint(epoch)) return false;
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
    if (cacheable !== undefined) {
      if (typeof cacheable !== 'boolean') return false;
      mask |= cacheable ? VU_BITS.cacheable | VU_BITS.cacheableTrue : VU_BITS.cacheable;
    }
    if (aborted !== undefined) {
      if (aborted !== true) return false;
      mask |= VU_BITS.aborted;
    }
    if (notSent !== undefined) {
      if (notSent !== true) return false;
      mask |= VU_BITS.notSent;
    }
    if (redirectLoop !== undefined) {
      if (redirectLoop === 'cap') mask |= VU_BITS.redirectLoop | VU_BITS.redirectCap;
      else if (redirectLoop === 'repeat') mask |= VU_BITS.redirectLoop;
      else return false;
    }
    const b = this.body;
    b.varint(mask);
    b.byte((type << 3) | step);
    b.varint(index);
    b.varint(id);
    b.f64(time);
    b.varint(process);
    b.varint(epoch);
    if (method !== undefined && !this.#str(method)) return false;
    if (url !== undefined && !this.#str(url)) return false;
    if (status !== undefined && !this.#uint(status)) return false;
    if (node !== undefined && !this.#str(node)) return false;
    if (latency !== undefined && !this.#f64(latency)) return false;
    if (session !== undefined && !this.#str(session)) return false;
    if (identity !== undefined && identity !== null && !this.#str(identity)) return false;
    if (value !== undefined && !this.#value(value as DataValue)) return false;
    if (hops !== undefined && !this.#hops(hops as Hop[])) return false;
    if (user !== undefined && !this.#str(user)) return false;
    if (error !== undefined && !this.#str(error)) return false;
    if (bodyBytes !== undefined && !this.#uint(bodyBytes)) return false;
    if (probe !== undefined && !this.#str(probe)) return false;
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
  #str(s: unknown): boolean {
    const b = this.body;
    const known = this.#strings.get(s as string);
    if (known !== undefined) {
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
      return this.#str(v);
    } else if (Array.isArray(v)) {
      b.byte(VALUE_TAG.list);
      b.varint(v.length);
      for (const item of v) {
        if (typeof item === 'number') {
          b.byte(VALUE_TAG.number);
          b.f64(item);
        } else if (typeof item === 'string') {
          b.byte(VALUE_TAG.string);
          if (!this.#str(item)) return false;
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
      b.byte((h.location !== undefined ? HOP_BITS.location : 0) | (h.node !== undefined ? HOP_BITS.node : 0));
      if (!this.#str(h.method) || !this.#str(h.url) || !this.#uint(h.status)) return false;
      if (h.location !== undefined && !this.#str(h.location)) return false;
      if (h.node !== undefined && !this.#str(h.node)) return false;
      if (!this.#cookies(h.sent) || !this.#cookies(h.set)) return false;
    }
    return true;
  }

  #cookies(cookies: CookieRef[]): boolean {
    const b = this.body;
    b.varint(cookies.length);
    for (const c of cookies) {
      if (typeof c !== 'object' || c === null) return false;
      let mask = 0;
      if (c.secure !== undefined) {
        if (typeof c.secure !== 'boolean') return false;
        mask |= c.secure ? COOKIE_BITS.secure | COOKIE_BITS.secureTrue : COOKIE_BITS.secure;
      }
      if (c.sameSite !== undefined) {
        const code = SAME_SITE_CODE.get(c.sameSite);
        if (code === undefined) return false;
        mask |= COOKIE_BITS.sameSite | (code << COOKIE_BITS.sameSiteShift);
      }
      if (c.domain !== undefined) mask |= COOKIE_BITS.domain;
      if (c.path !== undefined) mask |= COOKIE_BITS.path;
      if (c.cleared !== undefined) {
        if (typeof c.cleared !== 'boolean') return false;
        mask |= c.cleared ? COOKIE_BITS.cleared | COOKIE_BITS.clearedTrue : COOKIE_BITS.cleared;
      }
      b.varint(mask);
      if (!this.#str(c.name) || !this.#str(c.hash)) return false;
      if (c.domain !== undefined && !this.#str(c.domain)) return false;
      if (c.path !== undefined && !this.#str(c.path)) return false;
    }
    return true;
  }
}
