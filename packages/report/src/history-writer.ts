import { createWriteStream, mkdirSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Op } from '@sessionchaos/core';
import { BinaryHistoryEncoder, encodeOp } from '@sessionchaos/core';
import { HISTORY_BIN_FILE, HISTORY_FILE } from './run-meta.ts';

// Lines are joined into batches of about this size before they reach the stream.
const BATCH_CHARS = 64 * 1024;
// A partial batch is written after this long, so a crash loses at most this much history.
const FLUSH_MS = 250;

/**
 * `op` as its NDJSON line with `index` replaced, key order kept. The index is swapped in and back
 * rather than the op copied: a spread copy of ops of many shapes was a third of add()'s cost.
 * A frozen op (never seen from a run) is copied.
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

/** Options of a {@link HistoryWriter}. */
export interface HistoryWriterOptions {
  /** Also write the binary history beside the NDJSON (default true). */
  binary?: boolean;
}

/**
 * The binary history's path beside an NDJSON history: `history.bin` for `history.ndjson`, `x.bin`
 * for `x.ndjson`; undefined for any other name (no binary copy: it could land anywhere).
 */
export function binaryHistoryPath(ndjsonPath: string): string | undefined {
  if (basename(ndjsonPath) === HISTORY_FILE) return join(dirname(ndjsonPath), HISTORY_BIN_FILE);
  return ndjsonPath.endsWith('.ndjson') ? `${ndjsonPath.slice(0, -'.ndjson'.length)}.bin` : undefined;
}

/**
 * Streams ops into an NDJSON history file (core's `encodeOp`, one op a line), renumbering
 * `index` 0, 1, 2... in arrival order: VU ops and fault ops come from two numberings. The same
 * ops, same numbering, also go into the binary history beside it ({@link binaryHistoryPath}),
 * flushed in the same batches, its end record written by `close()`.
 * `add()` never blocks or throws (it is on the run's hot path; a write error is kept and
 * reported by `close()`); `close()` writes what is left and resolves once the file is complete.
 * The binary copy is best effort: when it cannot be written, it is left without its end record
 * (readers then use the NDJSON) and the run goes on.
 */
export class HistoryWriter {
  /** Where the history goes. */
  readonly path: string;
  /** Where the binary copy goes, or undefined when it is off. */
  readonly binaryPath: string | undefined;
  readonly #stream: WriteStream | undefined;
  #bin: { stream: WriteStream; encoder: BinaryHistoryEncoder; failed: boolean } | undefined;
  #batch = '';
  // UTF-8 bytes of NDJSON handed to the stream: the end record names it, so a reader can tell the
  // binary copy still belongs with the NDJSON beside it.
  #ndjsonBytes = 0;
  #count = 0;
  #dropped = 0;
  #error: Error | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closing: Promise<void> | undefined;

  constructor(path: string, options: HistoryWriterOptions = {}) {
    this.path = path;
    this.binaryPath = options.binary === false ? undefined : binaryHistoryPath(path);
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.#stream = createWriteStream(path, { flags: 'w' });
      this.#stream.on('error', (error) => {
        this.#error ??= error;
      });
      if (this.binaryPath !== undefined) {
        const bin = {
          stream: createWriteStream(this.binaryPath, { flags: 'w' }),
          encoder: new BinaryHistoryEncoder(),
          failed: false,
        };
        bin.stream.on('error', () => {
          bin.failed = true;
        });
        this.#bin = bin;
      }
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
      this.#batch += encodeRenumbered(op, this.#count) + '\n';
    } catch (error) {
      // An op JSON cannot encode (a cycle, a BigInt): keep going, report it at close.
      this.#error ??= new Error(`op ${this.#count} could not be encoded: ${(error as Error).message}`);
      return;
    }
    const bin = this.#bin;
    if (bin !== undefined && !bin.failed) {
      try {
        bin.encoder.add(op, this.#count);
      } catch {
        // Never expected (the NDJSON took the op); the copy is then left incomplete, never wrong.
        bin.failed = true;
      }
    }
    this.#count++;
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
    await this.#closeBinary();
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

  /** Ends the binary copy: its end record only when the NDJSON was written whole. */
  async #closeBinary(): Promise<void> {
    const bin = this.#bin;
    if (bin === undefined) return;
    if (!bin.failed && this.#error === undefined) {
      bin.encoder.end(this.#ndjsonBytes);
      bin.stream.write(bin.encoder.take());
    }
    await new Promise<void>((resolve) => {
      if (bin.stream.destroyed) return resolve();
      bin.stream.once('close', resolve);
      bin.stream.end();
    });
  }

  #flush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#batch === '' || this.#stream === undefined || this.#error !== undefined) return;
    // No wait on backpressure: the stream buffers, and add() must not block the run.
    this.#stream.write(this.#batch);
    this.#ndjsonBytes += Buffer.byteLength(this.#batch);
    this.#batch = '';
    const bin = this.#bin;
    if (bin !== undefined && !bin.failed) bin.stream.write(bin.encoder.take());
  }
}
