import { BinaryHistoryDecoder, type BinaryHistoryEnd } from './binary-decoder.ts';
import { encodeOp } from './ndjson.ts';
import type { Op } from './op.ts';

/**
 * Turns a binary history back into the NDJSON history (`history.ndjson`, the documented contract)
 * as chunks come: the text the NDJSON writer would have written for the same ops, byte for byte.
 * A VU op record decodes to an op whose keys are in the order the encoder accepted (it sends any
 * other order as a JSON op), so its JSON line is the original's; a JSON op record is its line.
 * A history cut off (a killed run) gives the lines of its complete records; {@link end} says so.
 */
export class BinaryNdjsonConverter {
  readonly #decoder = new BinaryHistoryDecoder();
  #out = '';
  readonly #onOp = (op: Op): void => {
    this.#out += encodeOp(op) + '\n';
  };
  readonly #onText = (line: string): void => {
    this.#out += line + '\n';
  };

  /** The NDJSON lines of the complete records in `chunk` (and what was left from the last one). */
  feed(chunk: Uint8Array): string {
    this.#out = '';
    this.#decoder.feedEach(chunk, this.#onOp, this.#onText);
    const text = this.#out;
    this.#out = '';
    return text;
  }

  /** Whether the end record was seen, the op count, and the bytes of a cut last record. */
  end(): BinaryHistoryEnd {
    return this.#decoder.end();
  }
}

/** A whole binary history as NDJSON text (convenience over {@link BinaryNdjsonConverter}). */
export function ndjsonOfBinary(bytes: Uint8Array): { text: string; end: BinaryHistoryEnd } {
  const converter = new BinaryNdjsonConverter();
  const text = converter.feed(bytes);
  return { text, end: converter.end() };
}
