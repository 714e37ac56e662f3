import { createWriteStream, mkdirSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Op } from '@sessionchaos/core';
import { BinaryHistoryEncoder } from '@sessionchaos/core';
import { writeNdjsonFromBinary } from './ndjson-from-binary.ts';
import { NdjsonStreamSink } from './ndjson-stream-sink.ts';
import { HISTORY_BIN_FILE, HISTORY_FILE } from './run-meta.ts';

// Encoded bytes are gathered into batches of about this size before they reach the stream.
const BATCH_BYTES = 64 * 1024;
// A partial batch is written after this long, so a crash loses at most this much history.
const FLUSH_MS = 250;

/** Options of a {@link HistoryWriter}. */
export interface HistoryWriterOptions {
  /** Record into the binary history and make the NDJSON from it at close (default true). */
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
 * Records a run's ops, renumbering `index` 0, 1, 2... in arrival order (VU ops and fault ops come
 * from two numberings). Each op is written once on the hot path, into the binary history beside the
 * NDJSON ({@link binaryHistoryPath}), flushed in batches (every 64 KiB or 250 ms: a run killed
 * keeps what was flushed, and `sessionchaos report` rebuilds its NDJSON from it). `close()` makes
 * the NDJSON history (the documented contract) from the binary one, byte for byte the NDJSON of the
 * same ops, then writes the binary history's end record naming the NDJSON's length.
 * Without a binary path (`binary: false`, a name not ending in `.ndjson`) the NDJSON is written as
 * ops come. `add()` never blocks or throws (a write error is kept and reported by `close()`).
 */
export class HistoryWriter {
  /** Where the NDJSON history goes. */
  readonly path: string;
  /** Where the binary history goes, or undefined when it is off. */
  readonly binaryPath: string | undefined;
  readonly #stream: WriteStream | undefined;
  readonly #encoder = new BinaryHistoryEncoder();
  readonly #ndjson: NdjsonStreamSink | undefined;
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
      if (this.binaryPath === undefined) this.#ndjson = new NdjsonStreamSink(path);
      else {
        this.#stream = createWriteStream(this.binaryPath, { flags: 'w' });
        this.#stream.on('error', (error) => {
          this.#error ??= error;
        });
      }
    } catch (error) {
      this.#error = error as Error;
    }
  }

  /** Queues one op (the caller's op is left as it was: its new index goes in the record only). */
  add(op: Op): void {
    if (this.#closing !== undefined || this.#error !== undefined) {
      this.#dropped++;
      return;
    }
    if (this.#ndjson !== undefined) {
      const error = this.#ndjson.add(op, this.#count);
      if (error !== undefined) this.#error ??= error;
      else this.#count++;
      return;
    }
    try {
      this.#encoder.add(op, this.#count);
    } catch (error) {
      // An op JSON cannot encode (a cycle, a BigInt): keep going, report it at close.
      this.#error ??= new Error(`op ${this.#count} could not be encoded: ${(error as Error).message}`);
      return;
    }
    this.#count++;
    if (this.#encoder.pendingBytes >= BATCH_BYTES) this.#flush();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#flush(), FLUSH_MS);
      this.#timer.unref();
    }
  }

  /** Ops written (or queued) so far. */
  get count(): number {
    return this.#count;
  }

  /** Writes what is queued, makes the NDJSON, ends both files; resolves once they are complete on disk. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#ndjson !== undefined) {
      await this.#ndjson.close(this.#error).catch((error: unknown) => {
        this.#error ??= error as Error;
      });
    } else await this.#closeBinary();
    if (this.#error !== undefined) {
      const lost = this.#dropped > 0 ? ` (${this.#dropped} later ops were dropped)` : '';
      throw new Error(
        `could not write the history to ${this.path}: ${this.#error.message}${lost}. ` +
          'Check that the output directory (--out) is writable and the disk has room.',
      );
    }
  }

  async #closeBinary(): Promise<void> {
    this.#flush();
    const stream = this.#stream;
    if (stream === undefined) return;
    await new Promise<void>((resolve) => {
      if (stream.destroyed) return resolve();
      stream.once('close', resolve);
      stream.end();
    });
    if (this.#error !== undefined) return;
    try {
      const { bytes, end } = await writeNdjsonFromBinary(this.binaryPath!, this.path);
      if (end.ops !== this.#count) throw new Error(`${end.ops} of its ${this.#count} ops were read back`);
      this.#encoder.end(bytes);
      await appendFile(this.binaryPath!, this.#encoder.take());
    } catch (error) {
      this.#error ??= new Error(
        `making ${HISTORY_FILE} from ${HISTORY_BIN_FILE}: ${(error as Error).message}`,
      );
    }
  }

  #flush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#encoder.pendingBytes === 0 || this.#stream === undefined || this.#error !== undefined) return;
    // No wait on backpressure: the stream buffers, and add() must not block the run.
    this.#stream.write(this.#encoder.take());
  }
}
