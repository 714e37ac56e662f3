import {
  BINARY_END_RECORD_BYTES,
  BINARY_HEADER_BYTES,
  BINARY_HISTORY_MAGIC,
  BINARY_HISTORY_VERSION,
  BinaryHistoryError,
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
import { makeCookie, makeHop, makeVuOp, reshapeVuOp, VU_OP_FIELDS } from './binary-shapes.ts';
import type { CookieRef, DataValue, Hop, Op, VuOp } from './op.ts';

/** What the end of a binary history says. */
export interface BinaryHistoryEnd {
  /** The end record was seen: the file is whole. False for a file cut off (a killed run). */
  complete: boolean;
  /** Op records decoded. */
  ops: number;
  /** The NDJSON history's length the end record names (0: none named, or no end record). */
  ndjsonBytes: number;
  /** Bytes of an incomplete last record (0 when the file ends on a record boundary). */
  trailingBytes: number;
}

const VU_KEYS = new Set<string>(VU_OP_FIELDS);

// A copy, also of a Node Buffer (whose slice() is a view): the caller may reuse its chunk.
const copy = (bytes: Uint8Array, from: number): Uint8Array => Uint8Array.prototype.slice.call(bytes, from);

const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');

/**
 * Checks a binary history's first 8 bytes: throws a {@link BinaryHistoryError} naming what was
 * found when they are not the magic and the version this reader reads.
 */
export function checkBinaryHeader(head: Uint8Array): void {
  if (head.length < BINARY_HEADER_BYTES || BINARY_HISTORY_MAGIC.some((m, i) => head[i] !== m)) {
    throw new BinaryHistoryError(
      `not a sessionchaos binary history: it starts with bytes ${hex(head.subarray(0, 4))}, not "SCHB"`,
    );
  }
  const version = new DataView(head.buffer, head.byteOffset, BINARY_HEADER_BYTES).getUint32(4);
  if (version !== BINARY_HISTORY_VERSION) {
    throw new BinaryHistoryError(
      `binary history version ${version} is not supported: this reader reads version ${BINARY_HISTORY_VERSION} only`,
    );
  }
}

/**
 * What the end record says, read from a file's last {@link BINARY_END_RECORD_BYTES} bytes (so a
 * reader knows before streaming the file whether it is whole), or undefined when the tail is not
 * an end record (a file cut off). The streaming decoder still checks the op count at the end.
 */
export function readBinaryTrailer(tail: Uint8Array): { ops: number; ndjsonBytes: number } | undefined {
  if (tail.length !== BINARY_END_RECORD_BYTES) return undefined;
  if (tail[0] !== BINARY_END_RECORD_BYTES - 1 || tail[1] !== RECORD.end) return undefined;
  const view = new DataView(tail.buffer, tail.byteOffset, tail.length);
  const ops = view.getFloat64(2, true);
  const ndjsonBytes = view.getFloat64(10, true);
  if (!Number.isSafeInteger(ops) || !Number.isSafeInteger(ndjsonBytes) || ops < 0 || ndjsonBytes < 0)
    return undefined;
  return { ops, ndjsonBytes };
}

/**
 * Incremental decoder of the binary history format (layout: binary-format.ts): feed byte chunks
 * as they come, get the complete ops back; an incomplete last record waits for the next chunk.
 * Every VU op comes out with one hidden class (binary-shapes.ts). Throws a
 * {@link BinaryHistoryError} on a wrong magic or version, or a record that does not parse.
 */
export class BinaryHistoryDecoder {
  #rest: Uint8Array | undefined;
  #header = false;
  #ended = false;
  #ops = 0;
  #ndjsonBytes = 0;
  // Bytes consumed before the current buffer (for the byte offsets in messages).
  #offset = 0;
  readonly #strings: string[] = [];
  readonly #text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  // The record being decoded: its buffer, position and end.
  #buf: Uint8Array = new Uint8Array(0);
  #view: DataView = new DataView(this.#buf.buffer);
  #p = 0;
  #end = 0;

  /** Decodes every complete record in `chunk` (plus the bytes left over from the last chunk). */
  feed(chunk: Uint8Array): Op[] {
    let buf = chunk;
    if (this.#rest !== undefined) {
      buf = new Uint8Array(this.#rest.length + chunk.length);
      buf.set(this.#rest);
      buf.set(chunk, this.#rest.length);
      this.#rest = undefined;
    }
    let p = 0;
    if (!this.#header) {
      if (buf.length < BINARY_HEADER_BYTES) {
        this.#rest = copy(buf, 0);
        return [];
      }
      checkBinaryHeader(buf);
      this.#header = true;
      p = BINARY_HEADER_BYTES;
    }
    this.#buf = buf;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const out: Op[] = [];
    while (p < buf.length) {
      // The length prefix, itself possibly cut by the chunk's end.
      let len = 0;
      let mul = 1;
      let q = p;
      let whole = false;
      while (q < buf.length && q - p < 8) {
        const b = buf[q++]!;
        len += (b & 0x7f) * mul;
        mul *= 128;
        if (b < 0x80) {
          whole = true;
          break;
        }
      }
      if (!whole) {
        if (q - p >= 8) this.#bad(p, 'a record length longer than 8 bytes');
        break;
      }
      if (q + len > buf.length) break;
      if (len === 0) this.#bad(p, 'an empty record');
      if (this.#ended) this.#bad(p, 'a record after the end record');
      this.#p = q + 1;
      this.#end = q + len;
      this.#record(buf[q]!, p, out);
      if (this.#p !== this.#end) this.#bad(p, `a record of kind ${buf[q]} that does not fill its length`);
      p = q + len;
    }
    if (p < buf.length) this.#rest = copy(buf, p);
    this.#offset += p;
    return out;
  }

  /** Whether the end record was seen, and the op count (call once the input is exhausted). */
  end(): BinaryHistoryEnd {
    return {
      complete: this.#ended,
      ops: this.#ops,
      ndjsonBytes: this.#ndjsonBytes,
      trailingBytes: this.#rest?.length ?? 0,
    };
  }

  #bad(at: number, what: string): never {
    throw new BinaryHistoryError(`bad record at byte ${this.#offset + at}: ${what}`);
  }

  #record(kind: number, at: number, out: Op[]): void {
    switch (kind) {
      case RECORD.vuOp:
        out.push(this.#vuOp(at));
        this.#ops++;
        return;
      case RECORD.string: {
        if (this.#strings.length >= MAX_STRINGS) this.#bad(at, `more than ${MAX_STRINGS} string entries`);
        if (this.#end - this.#p > MAX_STRING_BYTES)
          this.#bad(at, `a string entry over ${MAX_STRING_BYTES} bytes`);
        this.#strings.push(this.#utf8(at, this.#end - this.#p));
        return;
      }
      case RECORD.jsonOp:
        out.push(this.#jsonOp(at));
        this.#ops++;
        return;
      case RECORD.end: {
        if (this.#end - this.#p !== 16) this.#bad(at, 'an end record that is not 18 bytes');
        const count = this.#f64(at);
        this.#ndjsonBytes = this.#f64(at);
        if (count !== this.#ops)
          this.#bad(at, `the end record counts ${count} ops, but ${this.#ops} were read`);
        this.#ended = true;
        return;
      }
      default:
        // A kind from a later writer that this reader may ignore: skip it whole.
        this.#p = this.#end;
    }
  }

  #vuOp(at: number): VuOp {
    const mask = this.#varint(at);
    const code = this.#byte(at);
    const type = OP_TYPES[code >> 3];
    const step = VU_STEPS[code & 7];
    if (type === undefined || step === undefined) this.#bad(at, `an unknown op type or step (code ${code})`);
    const index = this.#varint(at);
    const id = this.#varint(at);
    const time = this.#f64(at);
    const process = this.#varint(at);
    const epoch = this.#varint(at);
    const method = mask & VU_BITS.method ? this.#str(at) : undefined;
    const url = mask & VU_BITS.url ? this.#str(at) : undefined;
    const status = mask & VU_BITS.status ? this.#varint(at) : undefined;
    const node = mask & VU_BITS.node ? this.#str(at) : undefined;
    const latency = mask & VU_BITS.latency ? this.#f64(at) : undefined;
    const session = mask & VU_BITS.session ? this.#str(at) : undefined;
    const identity = mask & VU_BITS.identityNull ? null : mask & VU_BITS.identity ? this.#str(at) : undefined;
    const value = mask & VU_BITS.value ? this.#value(at) : undefined;
    const hops = mask & VU_BITS.hops ? this.#hops(at) : undefined;
    const user = mask & VU_BITS.user ? this.#str(at) : undefined;
    const error = mask & VU_BITS.error ? this.#str(at) : undefined;
    const bodyBytes = mask & VU_BITS.bodyBytes ? this.#varint(at) : undefined;
    const probe = mask & VU_BITS.probe ? this.#str(at) : undefined;
    const cacheable = mask & VU_BITS.cacheable ? (mask & VU_BITS.cacheableTrue) !== 0 : undefined;
    const aborted = mask & VU_BITS.aborted ? true : undefined;
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
      probe,
    );
  }

  #value(at: number): DataValue {
    const tag = this.#byte(at);
    if (tag === VALUE_TAG.null) return null;
    if (tag === VALUE_TAG.number) return this.#f64(at);
    if (tag === VALUE_TAG.string) return this.#str(at);
    if (tag !== VALUE_TAG.list) this.#bad(at, `an unknown value tag ${tag}`);
    const n = this.#count(at);
    const list: (string | number)[] = [];
    for (let i = 0; i < n; i++) {
      const t = this.#byte(at);
      if (t === VALUE_TAG.number) list.push(this.#f64(at));
      else if (t === VALUE_TAG.string) list.push(this.#str(at));
      else this.#bad(at, `an unknown list item tag ${t}`);
    }
    return list;
  }

  #hops(at: number): Hop[] {
    const n = this.#count(at);
    const hops: Hop[] = [];
    for (let i = 0; i < n; i++) {
      const mask = this.#byte(at);
      const method = this.#str(at);
      const url = this.#str(at);
      const status = this.#varint(at);
      const location = mask & HOP_BITS.location ? this.#str(at) : undefined;
      const node = mask & HOP_BITS.node ? this.#str(at) : undefined;
      const sent = this.#cookies(at);
      const set = this.#cookies(at);
      hops.push(makeHop(method, url, status, location, sent, set, node));
    }
    return hops;
  }

  #cookies(at: number): CookieRef[] {
    const n = this.#count(at);
    const cookies: CookieRef[] = [];
    for (let i = 0; i < n; i++) {
      const mask = this.#varint(at);
      const name = this.#str(at);
      const hash = this.#str(at);
      const domain = mask & COOKIE_BITS.domain ? this.#str(at) : undefined;
      const path = mask & COOKIE_BITS.path ? this.#str(at) : undefined;
      const secure = mask & COOKIE_BITS.secure ? (mask & COOKIE_BITS.secureTrue) !== 0 : undefined;
      const cleared = mask & COOKIE_BITS.cleared ? (mask & COOKIE_BITS.clearedTrue) !== 0 : undefined;
      let sameSite: CookieRef['sameSite'];
      if (mask & COOKIE_BITS.sameSite) {
        sameSite = SAME_SITES[(mask >> COOKIE_BITS.sameSiteShift) & 3];
        if (sameSite === undefined) this.#bad(at, 'an unknown SameSite code');
      }
      cookies.push(makeCookie(name, hash, secure, sameSite, domain, path, cleared));
    }
    return cookies;
  }

  #jsonOp(at: number): Op {
    let value: unknown;
    try {
      value = JSON.parse(this.#utf8(at, this.#end - this.#p));
    } catch (error) {
      if (error instanceof BinaryHistoryError) throw error;
      this.#bad(at, `a JSON op that is not JSON (${(error as Error).message})`);
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
      this.#bad(at, 'a JSON op without numeric index, id, time and a valid type');
    if (op.process === 'fault') {
      if (typeof op.fault !== 'string' || typeof op.action !== 'string')
        this.#bad(at, 'a fault op without string "fault" and "action"');
      return op as unknown as Op;
    }
    if (typeof op.process !== 'number' || typeof op.step !== 'string')
      this.#bad(at, 'a JSON op whose "process" is neither a VU number (with a "step") nor "fault"');
    // A key VuOp does not have (the writer only sends such ops as JSON) is kept, at the cost of the shape.
    for (const key in op) if (!VU_KEYS.has(key)) return op as unknown as Op;
    try {
      return reshapeVuOp(op as unknown as VuOp);
    } catch (error) {
      return this.#bad(at, `a JSON VU op with malformed hops (${(error as Error).message})`);
    }
  }

  #byte(at: number): number {
    if (this.#p >= this.#end) this.#bad(at, 'a record shorter than its fields');
    return this.#buf[this.#p++]!;
  }

  #varint(at: number): number {
    const b = this.#buf[this.#p];
    if (b !== undefined && b < 0x80 && this.#p < this.#end) {
      this.#p++;
      return b;
    }
    let n = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      const c = this.#byte(at);
      n += (c & 0x7f) * mul;
      if (c < 0x80) return n;
      mul *= 128;
    }
    return this.#bad(at, 'a varint longer than 8 bytes');
  }

  // A list or table count, bounded by the bytes left (each item takes at least one).
  #count(at: number): number {
    const n = this.#varint(at);
    if (n > this.#end - this.#p) this.#bad(at, `a count of ${n} items in ${this.#end - this.#p} bytes`);
    return n;
  }

  #f64(at: number): number {
    if (this.#p + 8 > this.#end) this.#bad(at, 'a record shorter than its fields');
    const x = this.#view.getFloat64(this.#p, true);
    this.#p += 8;
    return x;
  }

  #str(at: number): string {
    const ref = this.#varint(at);
    if (ref !== 0) {
      if (ref > this.#strings.length) this.#bad(at, `string ${ref - 1} referenced before its entry`);
      return this.#strings[ref - 1]!;
    }
    const n = this.#varint(at);
    if (n > this.#end - this.#p) this.#bad(at, 'a string longer than its record');
    return this.#utf8(at, n);
  }

  #utf8(at: number, n: number): string {
    let s: string;
    try {
      s = this.#text.decode(this.#buf.subarray(this.#p, this.#p + n));
    } catch {
      this.#bad(at, 'a string that is not UTF-8');
    }
    this.#p += n;
    return s;
  }
}
