/**
 * The binary history format (`history.bin`), version 1: what a run records, once, on its hot path;
 * `history.ndjson` (the documented contract) is made from it when the run ends, byte for byte the
 * NDJSON of the same ops (binary-ndjson.ts), and `sessionchaos report` and `merge` read it at the
 * speed of reading the file. The NDJSON is the fallback: a reader that meets anything it does not
 * expect here (another version, a bad record, a file without its end record) reads the NDJSON
 * instead; a run cut off has its NDJSON rebuilt from the records it flushed.
 * A VU op record holds no key order: the encoder takes an op only when its keys (and its hops' and
 * cookies' keys) are in the order a decoded op has them (binary-shapes.ts), else it goes as JSON.
 *
 * Version rule: ANY change to the layout below (a field, a bit, a code, a cap) bumps
 * {@link BINARY_HISTORY_VERSION}; a reader refuses every version but its own.
 *
 * Layout: the 8-byte header `SCHB` + version (uint32, big-endian), then records, each
 * `varint length` + `length` bytes: `kind` (1 byte) and its payload. A reader skips a kind it does
 * not know, and knows from the length whether the record is complete in the bytes it holds.
 * Varints are unsigned LEB128 (7 bits a byte, low first) up to 2^53. Floats are float64 LE.
 * A string reference `sref` is a varint: `k + 1` for entry `k` of the string table, or `0` followed
 * by an inline string (`varint byteLength` + UTF-8 bytes).
 *
 * - kind 1, string entry: UTF-8 bytes; becomes the next entry of the string table (from 0). At most
 *   {@link MAX_STRINGS} entries of at most {@link MAX_STRING_BYTES} bytes, so a reader's memory
 *   stays bounded; later or longer strings are written inline.
 * - kind 2, VU op: `varint mask` (the {@link VU_BITS} present), `byte type<<3|step`
 *   ({@link OP_TYPES}, {@link VU_STEPS}), `varint index`, `varint id`, `f64 time`, `varint process`,
 *   `varint epoch`, then each present field in mask order: method sref, url sref, status varint,
 *   node sref, latency f64, session sref, identity sref (unless the null bit), value (a tag: 0 null,
 *   1 string sref, 2 number f64, 3 list `varint n` + n items tagged 1 or 2), hops (`varint n` + n
 *   hops), user sref, error sref, bodyBytes varint, probe sref. Flags carry cacheable, aborted, notSent and
 *   redirectLoop whole.
 *   A hop: `byte mask` ({@link HOP_BITS}), method sref, url sref, status varint, [location sref],
 *   [node sref], `varint n` + n sent cookies, `varint n` + n set cookies.
 *   A cookie: `varint mask` ({@link COOKIE_BITS}), name sref, hash sref, [domain sref], [path sref].
 * - kind 3, JSON op: the op as its NDJSON line in UTF-8. Every fault op (they are few), and the rare
 *   VU op the layout above cannot hold exactly: a count (index, id, process, epoch, status,
 *   bodyBytes) that is not a whole number from 0 to 2^53, a type, step or flag outside the known
 *   ones, a key VuOp does not have, a string that is not well-formed UTF-16 (a lone surrogate).
 * - kind 4, end: always 18 bytes, so a reader finds it at the file's tail before reading the rest:
 *   length 17, kind 4, `f64 ops` (the number of op records before it), `f64 ndjsonBytes` (the length
 *   of the NDJSON history written beside it, 0 if none: a reader checks the pair still belongs
 *   together). Written by close(): a file without it was cut off.
 */
export const BINARY_HISTORY_VERSION = 1;

/** The four magic bytes, `SCHB`. */
export const BINARY_HISTORY_MAGIC = [0x53, 0x43, 0x48, 0x42] as const;

/** Header length: magic + uint32 version. */
export const BINARY_HEADER_BYTES = 8;

/** Length of the end record, length prefix included (it is always the file's last 18 bytes). */
export const BINARY_END_RECORD_BYTES = 18;

/** Record kinds. */
export const RECORD = { string: 1, vuOp: 2, jsonOp: 3, end: 4 } as const;

/** Cap on string table entries (a reader holds at most this many strings). */
export const MAX_STRINGS = 1 << 17;
/** Cap on an interned string's UTF-8 length; longer ones are written inline. */
export const MAX_STRING_BYTES = 256;

/** Op types by their code. */
export const OP_TYPES = ['invoke', 'ok', 'fail', 'info'] as const;
/** VU steps by their code. */
export const VU_STEPS = ['visit', 'login', 'whoami', 'write', 'read', 'logout', 'request'] as const;

/** Presence (and flag) bits of a VU op's mask, in the order the fields follow. */
export const VU_BITS = {
  method: 1 << 0,
  url: 1 << 1,
  status: 1 << 2,
  node: 1 << 3,
  latency: 1 << 4,
  session: 1 << 5,
  identity: 1 << 6,
  identityNull: 1 << 7,
  value: 1 << 8,
  hops: 1 << 9,
  user: 1 << 10,
  error: 1 << 11,
  bodyBytes: 1 << 12,
  probe: 1 << 13,
  cacheable: 1 << 14,
  cacheableTrue: 1 << 15,
  aborted: 1 << 16,
  redirectLoop: 1 << 17,
  redirectCap: 1 << 18,
  notSent: 1 << 19,
} as const;

/** Presence bits of a hop. */
export const HOP_BITS = { location: 1, node: 2 } as const;

/** Presence and flag bits of a cookie. */
export const COOKIE_BITS = {
  secure: 1 << 0,
  secureTrue: 1 << 1,
  sameSite: 1 << 2,
  // Two bits: 0 strict, 1 lax, 2 none.
  sameSiteShift: 3,
  domain: 1 << 5,
  path: 1 << 6,
  cleared: 1 << 7,
  clearedTrue: 1 << 8,
} as const;

/** SameSite values by their code. */
export const SAME_SITES = ['strict', 'lax', 'none'] as const;

/** Value tags. */
export const VALUE_TAG = { null: 0, string: 1, number: 2, list: 3 } as const;

/** A binary history that cannot be read; the reader falls back to the NDJSON. */
export class BinaryHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BinaryHistoryError';
  }
}
