import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { encodeOp, type Op } from '@sessionchaos/core';

// Lines are joined into batches of about this size before they reach the stream.
const BATCH_CHARS = 64 * 1024;
// A partial batch is written after this long.
const FLUSH_MS = 250;

/**
 * `op` as its NDJSON line with `index` replaced, key order kept. The index is swapped in and back
 * rather than the op copied; a frozen op is copied.
 */
function encodeRenumbered(op: Op, index: number): string {
  const own = op.index;
  if (own === index) return encodeOp(op);
  try {
    op.index = index;
  } catch {
    return encodeOp({ ...op, index });
  }
  try {
    return encodeOp(op);
  } finally {
    op.index = own;
  }
}

/**
 * An NDJSON history written as ops come, for a writer with no binary history beside it (a file not
 * named `.ndjson`, or the binary history turned off): batched, never blocking `add()`.
 */
export class NdjsonStreamSink {
  readonly #stream: WriteStream;
  #batch = '';
  #error: Error | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(path: string) {
    this.#stream = createWriteStream(path, { flags: 'w' });
    this.#stream.on('error', (error) => {
      this.#error ??= error;
    });
  }

  /** Queues one op as `index`; returns the error that keeps it from being written, if any. */
  add(op: Op, index: number): Error | undefined {
    if (this.#error !== undefined) return this.#error;
    try {
      this.#batch += encodeRenumbered(op, index) + '\n';
    } catch (error) {
      // An op JSON cannot encode (a cycle, a BigInt).
      return new Error(`op ${index} could not be encoded: ${(error as Error).message}`);
    }
    if (this.#batch.length >= BATCH_CHARS) this.#flush();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#flush(), FLUSH_MS);
      this.#timer.unref();
    }
    return undefined;
  }

  /** Writes what is queued and ends the file (destroys it after `error`); throws a write error. */
  async close(error: Error | undefined): Promise<void> {
    this.#flush();
    const stream = this.#stream;
    if (error === undefined && this.#error === undefined) {
      await new Promise<void>((resolve) => {
        if (stream.destroyed) return resolve();
        stream.once('close', resolve);
        stream.end();
      });
    } else stream.destroy();
    if (this.#error !== undefined) throw this.#error;
  }

  #flush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#batch === '' || this.#error !== undefined) return;
    this.#stream.write(this.#batch);
    this.#batch = '';
  }
}
