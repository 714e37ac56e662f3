import {
  BINARY_END_RECORD_BYTES,
  BINARY_HEADER_BYTES,
  BINARY_HISTORY_MAGIC,
  BINARY_HISTORY_VERSION,
  BinaryHistoryError,
  MAX_STRING_BYTES,
  MAX_STRINGS,
  RECORD,
} from './binary-format.ts';
import { BinaryRecordReader } from './binary-record-reader.ts';
import type { Op } from './op.ts';

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
  readonly #reader = new BinaryRecordReader();

  /** Decodes every complete record in `chunk` (plus the bytes left over from the last chunk). */
  feed(chunk: Uint8Array): Op[] {
    const out: Op[] = [];
    this.feedEach(chunk, (op) => out.push(op));
    return out;
  }

  /**
   * {@link feed}, handing each op to `onOp` as soon as it is decoded. An op that dies in `onOp` is
   * garbage while still young: a chunk's ops gathered in an array first live through the GC's
   * young-generation copies (a 1 MiB chunk holds some 30,000 ops). With `onJsonText`, a JSON op
   * record is handed there as its text (its NDJSON line, byte for byte) instead of to `onOp`.
   */
  feedEach(chunk: Uint8Array, onOp: (op: Op) => void, onJsonText?: (line: string) => void): void {
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
        return;
      }
      checkBinaryHeader(buf);
      this.#header = true;
      p = BINARY_HEADER_BYTES;
    }
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
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
      this.#reader.at(buf, view, q + 1, q + len, this.#offset + p);
      this.#record(buf[q]!, onOp, onJsonText);
      if (this.#reader.left !== 0) this.#bad(p, `a record of kind ${buf[q]} that does not fill its length`);
      p = q + len;
    }
    if (p < buf.length) this.#rest = copy(buf, p);
    this.#offset += p;
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

  #record(kind: number, onOp: (op: Op) => void, onJsonText: ((line: string) => void) | undefined): void {
    const r = this.#reader;
    switch (kind) {
      case RECORD.vuOp:
        {
          const op = r.vuOp();
          this.#ops++;
          onOp(op);
        }
        return;
      case RECORD.string: {
        if (r.strings.length >= MAX_STRINGS) r.bad(`more than ${MAX_STRINGS} string entries`);
        if (r.left > MAX_STRING_BYTES) r.bad(`a string entry over ${MAX_STRING_BYTES} bytes`);
        r.strings.push(internalized(r.utf8(r.left)));
        return;
      }
      case RECORD.jsonOp:
        if (onJsonText !== undefined) {
          const text = r.jsonText();
          this.#ops++;
          onJsonText(text);
        } else {
          const op = r.jsonOp();
          this.#ops++;
          onOp(op);
        }
        return;
      case RECORD.end: {
        if (r.left !== 16) r.bad('an end record that is not 18 bytes');
        const count = r.f64();
        this.#ndjsonBytes = r.f64();
        if (count !== this.#ops) r.bad(`the end record counts ${count} ops, but ${this.#ops} were read`);
        this.#ended = true;
        return;
      }
      default:
        // A kind from a later writer that this reader may ignore: skip it whole.
        r.skip();
    }
  }
}

/**
 * The internalized copy of a string-table entry (a property key's copy is V8's one instance of
 * that text). Each entry comes back in thousands of ops; the checkers compare them with `===`
 * against one another (session hashes, node names) and against literals ('/login'), and two
 * internalized strings are equal only when they are the same pointer: a difference is known
 * without reading a character.
 */
function internalized(text: string): string {
  for (const key in { [text]: 0 }) return key;
  return text;
}
