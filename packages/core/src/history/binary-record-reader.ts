import {
  BinaryHistoryError,
  COOKIE_BITS,
  HOP_BITS,
  OP_TYPES,
  SAME_SITES,
  VALUE_TAG,
  VU_BITS,
  VU_STEPS,
} from './binary-format.ts';
import { makeCookie, makeHop, makeVuOp, reshapeVuOp, VU_OP_FIELDS } from './binary-shapes.ts';
import type { CookieRef, DataValue, Hop, Op, VuOp } from './op.ts';

const VU_KEYS = new Set<string>(VU_OP_FIELDS);

/**
 * A cursor over one record of a binary history (layout: binary-format.ts) and the string table
 * so far: reads the record's fields and builds its op. Every read is bounded by the record's end;
 * anything that does not parse is a {@link BinaryHistoryError} naming the record's byte offset.
 */
export class BinaryRecordReader {
  /** Entries of the string table, in the order their records came. */
  readonly strings: string[] = [];
  readonly #text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  #buf: Uint8Array = new Uint8Array(0);
  #view: DataView = new DataView(this.#buf.buffer);
  #p = 0;
  #end = 0;
  #offset = 0;

  /** Points the reader at a record's payload, `buf[from, end)`; `offset` is its place in the file. */
  at(buf: Uint8Array, view: DataView, from: number, end: number, offset: number): void {
    this.#buf = buf;
    this.#view = view;
    this.#p = from;
    this.#end = end;
    this.#offset = offset;
  }

  /** Bytes of the current record not read yet. */
  get left(): number {
    return this.#end - this.#p;
  }

  /** Skips the rest of the current record. */
  skip(): void {
    this.#p = this.#end;
  }

  /** Throws the error of a record that does not parse. */
  bad(what: string): never {
    throw new BinaryHistoryError(`bad record at byte ${this.#offset}: ${what}`);
  }

  #bad(what: string): never {
    return this.bad(what);
  }

  /** The current record as a VU op. */
  vuOp(): VuOp {
    const mask = this.#varint();
    const code = this.#byte();
    const type = OP_TYPES[code >> 3];
    const step = VU_STEPS[code & 7];
    if (type === undefined || step === undefined) this.#bad(`an unknown op type or step (code ${code})`);
    const index = this.#varint();
    const id = this.#varint();
    const time = this.f64();
    const process = this.#varint();
    const epoch = this.#varint();
    const method = mask & VU_BITS.method ? this.#str() : undefined;
    const url = mask & VU_BITS.url ? this.#str() : undefined;
    const status = mask & VU_BITS.status ? this.#varint() : undefined;
    const node = mask & VU_BITS.node ? this.#str() : undefined;
    const latency = mask & VU_BITS.latency ? this.f64() : undefined;
    const session = mask & VU_BITS.session ? this.#str() : undefined;
    const identity = mask & VU_BITS.identityNull ? null : mask & VU_BITS.identity ? this.#str() : undefined;
    const value = mask & VU_BITS.value ? this.#value() : undefined;
    const hops = mask & VU_BITS.hops ? this.#hops() : undefined;
    const user = mask & VU_BITS.user ? this.#str() : undefined;
    const error = mask & VU_BITS.error ? this.#str() : undefined;
    const bodyBytes = mask & VU_BITS.bodyBytes ? this.#varint() : undefined;
    const probe = mask & VU_BITS.probe ? this.#str() : undefined;
    const cacheable = mask & VU_BITS.cacheable ? (mask & VU_BITS.cacheableTrue) !== 0 : undefined;
    const aborted = mask & VU_BITS.aborted ? true : undefined;
    const notSent = mask & VU_BITS.notSent ? true : undefined;
    const redirectLoop =
      mask & VU_BITS.redirectLoop ? (mask & VU_BITS.redirectCap ? 'cap' : 'repeat') : undefined;
    return makeVuOp(
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
    );
  }

  #value(): DataValue {
    const tag = this.#byte();
    if (tag === VALUE_TAG.null) return null;
    if (tag === VALUE_TAG.number) return this.f64();
    if (tag === VALUE_TAG.string) return this.#str();
    if (tag !== VALUE_TAG.list) this.#bad(`an unknown value tag ${tag}`);
    const n = this.#count();
    const list: (string | number)[] = [];
    for (let i = 0; i < n; i++) {
      const t = this.#byte();
      if (t === VALUE_TAG.number) list.push(this.f64());
      else if (t === VALUE_TAG.string) list.push(this.#str());
      else this.#bad(`an unknown list item tag ${t}`);
    }
    return list;
  }

  #hops(): Hop[] {
    const n = this.#count();
    const hops: Hop[] = [];
    for (let i = 0; i < n; i++) {
      const mask = this.#byte();
      const method = this.#str();
      const url = this.#str();
      const status = this.#varint();
      const location = mask & HOP_BITS.location ? this.#str() : undefined;
      const node = mask & HOP_BITS.node ? this.#str() : undefined;
      const sent = this.#cookies();
      const set = this.#cookies();
      hops.push(makeHop(method, url, status, location, sent, set, node));
    }
    return hops;
  }

  #cookies(): CookieRef[] {
    const n = this.#count();
    const cookies: CookieRef[] = [];
    for (let i = 0; i < n; i++) {
      const mask = this.#varint();
      const name = this.#str();
      const hash = this.#str();
      const domain = mask & COOKIE_BITS.domain ? this.#str() : undefined;
      const path = mask & COOKIE_BITS.path ? this.#str() : undefined;
      const secure = mask & COOKIE_BITS.secure ? (mask & COOKIE_BITS.secureTrue) !== 0 : undefined;
      const cleared = mask & COOKIE_BITS.cleared ? (mask & COOKIE_BITS.clearedTrue) !== 0 : undefined;
      let sameSite: CookieRef['sameSite'];
      if (mask & COOKIE_BITS.sameSite) {
        sameSite = SAME_SITES[(mask >> COOKIE_BITS.sameSiteShift) & 3];
        if (sameSite === undefined) this.#bad('an unknown SameSite code');
      }
      cookies.push(makeCookie(name, hash, secure, sameSite, domain, path, cleared));
    }
    return cookies;
  }

  /** The current record as a JSON op. */
  jsonOp(): Op {
    return this.#opFromJson(this.utf8(this.#end - this.#p));
  }

  /** The current JSON op record's text (its NDJSON line), checked as {@link jsonOp} checks it. */
  jsonText(): string {
    const text = this.utf8(this.#end - this.#p);
    this.#opFromJson(text);
    return text;
  }

  #opFromJson(text: string): Op {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.#bad(`a JSON op that is not JSON (${(error as Error).message})`);
    }
    const op = value as Record<string, unknown> | null;
    if (
      typeof op !== 'object' ||
      op === null ||
      typeof op.index !== 'number' ||
      typeof op.id !== 'number' ||
      typeof op.time !== 'number' ||
      !OP_TYPES.includes(op.type as VuOp['type'])
    )
      this.#bad('a JSON op without numeric index, id, time and a valid type');
    if (op.process === 'fault') {
      if (typeof op.fault !== 'string' || typeof op.action !== 'string')
        this.#bad('a fault op without string "fault" and "action"');
      return op as unknown as Op;
    }
    if (typeof op.process !== 'number' || typeof op.step !== 'string')
      this.#bad('a JSON op whose "process" is neither a VU number (with a "step") nor "fault"');
    // A key VuOp does not have (the writer only sends such ops as JSON) is kept, at the cost of the shape.
    for (const key in op) if (!VU_KEYS.has(key)) return op as unknown as Op;
    try {
      return reshapeVuOp(op as unknown as VuOp);
    } catch (error) {
      return this.#bad(`a JSON VU op with malformed hops (${(error as Error).message})`);
    }
  }

  #byte(): number {
    if (this.#p >= this.#end) this.#bad('a record shorter than its fields');
    return this.#buf[this.#p++]!;
  }

  #varint(): number {
    const b = this.#buf[this.#p];
    if (b !== undefined && b < 0x80 && this.#p < this.#end) {
      this.#p++;
      return b;
    }
    let n = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      const c = this.#byte();
      n += (c & 0x7f) * mul;
      if (c < 0x80) return n;
      mul *= 128;
    }
    return this.#bad('a varint longer than 8 bytes');
  }

  // A list or table count, bounded by the bytes left (each item takes at least one).
  #count(): number {
    const n = this.#varint();
    if (n > this.#end - this.#p) this.#bad(`a count of ${n} items in ${this.#end - this.#p} bytes`);
    return n;
  }

  /** A float64 of the current record. */
  f64(): number {
    if (this.#p + 8 > this.#end) this.#bad('a record shorter than its fields');
    const x = this.#view.getFloat64(this.#p, true);
    this.#p += 8;
    return x;
  }

  #str(): string {
    const ref = this.#varint();
    if (ref !== 0) {
      if (ref > this.strings.length) this.#bad(`string ${ref - 1} referenced before its entry`);
      return this.strings[ref - 1]!;
    }
    const n = this.#varint();
    if (n > this.#end - this.#p) this.#bad('a string longer than its record');
    return this.utf8(n);
  }

  /** The next `n` bytes of the current record as UTF-8 text. */
  utf8(n: number): string {
    let s: string;
    try {
      s = this.#text.decode(this.#buf.subarray(this.#p, this.#p + n));
    } catch {
      this.#bad('a string that is not UTF-8');
    }
    this.#p += n;
    return s;
  }
}
