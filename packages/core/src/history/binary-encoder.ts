import {
  BINARY_END_RECORD_BYTES,
  BINARY_HISTORY_MAGIC,
  BINARY_HISTORY_VERSION,
  RECORD,
} from './binary-format.ts';
import type { BinaryEncoderOptions } from './binary-encoder-options.ts';
import { BinaryOpWriter } from './binary-op-writer.ts';
import { ByteSink } from './byte-sink.ts';
import type { Op } from './op.ts';

/**
 * The end record of a binary history of `ops` op records (layout: binary-format.ts), naming the
 * NDJSON length `ndjsonBytes`: what a history cut off gets once its NDJSON was rebuilt from it.
 */
export function binaryEndRecord(ops: number, ndjsonBytes: number): Uint8Array {
  const out = new ByteSink(BINARY_END_RECORD_BYTES);
  out.byte(BINARY_END_RECORD_BYTES - 1);
  out.byte(RECORD.end);
  out.f64(ops);
  out.f64(ndjsonBytes);
  return out.bytes;
}

/**
 * Encodes ops into the binary history format (layout: binary-format.ts). Appends into one reusable
 * buffer: {@link take} hands out the bytes written so far (a copy), for a writer's batch. VU ops are
 * written field by field, never through JSON.stringify; fault ops (few) as their JSON text.
 */
export class BinaryHistoryEncoder {
  readonly #out = new ByteSink(64 * 1024);
  readonly #ops: BinaryOpWriter;
  readonly #text = new TextEncoder();
  #count = 0;
  #ended = false;

  constructor(options: BinaryEncoderOptions = {}) {
    this.#ops = new BinaryOpWriter(this.#out, options);
    const v = BINARY_HISTORY_VERSION;
    this.#out.append(
      new Uint8Array([...BINARY_HISTORY_MAGIC, v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]),
    );
  }

  /** Appends one op; `index` replaces the op's own (a writer renumbers without copying the op). */
  add(op: Op, index: number = op.index): void {
    if (this.#ended) throw new Error('BinaryHistoryEncoder.add() after end(): the history is closed');
    const ops = this.#ops;
    if (op.process === 'fault' || !ops.vuOp(op, index)) {
      const json = this.#text.encode(JSON.stringify(index === op.index ? op : { ...op, index }));
      this.#record(RECORD.jsonOp, json, json.length);
    } else {
      this.#record(RECORD.vuOp, ops.body.bytes, ops.body.length);
    }
    this.#count++;
  }

  /**
   * Appends the end record: the history is complete. `ndjsonBytes` is the length of the NDJSON
   * history written beside it (0 if none), which a reader checks before it trusts this copy.
   * Idempotent.
   */
  end(ndjsonBytes = 0): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#out.append(binaryEndRecord(this.#count, ndjsonBytes));
  }

  /** Ops added so far. */
  get count(): number {
    return this.#count;
  }

  /** Bytes written since the last {@link take}. */
  get pendingBytes(): number {
    return this.#out.length;
  }

  /** The bytes written since the last call (a copy: the encoder's buffer is reused). */
  take(): Uint8Array {
    const bytes = this.#out.bytes.slice(0, this.#out.length);
    this.#out.length = 0;
    return bytes;
  }

  #record(kind: number, payload: Uint8Array, length: number): void {
    const out = this.#out;
    out.varint(length + 1);
    out.byte(kind);
    out.append(payload, 0, length);
  }
}
