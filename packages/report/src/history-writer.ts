import { createWriteStream, mkdirSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Op } from '@sessionchaos/core';
import { encodeOp } from '@sessionchaos/core';

// Lines are joined into batches of about this size before they reach the stream.
const BATCH_CHARS = 64 * 1024;
// A partial batch is written after this long, so a crash loses at most this much history.
const FLUSH_MS = 250;

/**
 * Streams ops into an NDJSON history file (core's `encodeOp`, one op a line), renumbering
 * `index` 0, 1, 2... in arrival order: VU ops and fault ops come from two numberings.
 * `add()` never blocks or throws (it is on the run's hot path; a write error is kept and
 * reported by `close()`); `close()` writes what is left and resolves once the file is complete.
 */
export class HistoryWriter {
  /** Where the history goes. */
  readonly path: string;
  readonly #stream: WriteStream | undefined;
  #batch = '';
  #count = 0;
  #dropped = 0;
  #error: Error | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closing: Promise<void> | undefined;

  constructor(path: string) {
    this.path = path;
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.#stream = createWriteStream(path, { flags: 'w' });
      this.#stream.on('error', (error) => {
        this.#error ??= error;
      });
    } catch (error) {
      this.#error = error as Error;
    }
  }

  /** Queues one op (copied with its new index, so the caller's op is left as it was). */
  add(op: Op): void {
    if (this.#closing !== undefined || this.#error !== undefined) {
      this.#dropped++;
      return;
    }
    try {
      this.#batch += encodeOp({ ...op, index: this.#count }) + '\n';
      this.#count++;
    } catch (error) {
      // An op JSON cannot encode (a cycle, a BigInt): keep going, report it at close.
      this.#error ??= new Error(`op ${this.#count} could not be encoded: ${(error as Error).message}`);
      return;
    }
    if (this.#batch.length >= BATCH_CHARS) this.#flush();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#flush(), FLUSH_MS);
      this.#timer.unref();
    }
  }

  /** Ops written (or queued) so far. */
  get count(): number {
    return this.#count;
  }

  /** Writes what is queued, ends the file and resolves once it is complete on disk. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#flush();
    const stream = this.#stream;
    if (stream !== undefined && this.#error === undefined) {
      await new Promise<void>((resolve) => {
        if (stream.destroyed) return resolve();
        stream.once('close', resolve);
        stream.end();
      });
    } else {
      stream?.destroy();
    }
    if (this.#error !== undefined) {
      const lost = this.#dropped > 0 ? ` (${this.#dropped} later ops were dropped)` : '';
      throw new Error(
        `could not write the history to ${this.path}: ${this.#error.message}${lost}. ` +
          'Check that the output directory (--out) is writable and the disk has room.',
      );
    }
  }

  #flush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#batch === '' || this.#stream === undefined || this.#error !== undefined) return;
    // No wait on backpressure: the stream buffers, and add() must not block the run.
    this.#stream.write(this.#batch);
    this.#batch = '';
  }
}
