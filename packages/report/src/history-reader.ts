import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BINARY_END_RECORD_BYTES,
  BINARY_HEADER_BYTES,
  BinaryHistoryDecoder,
  BinaryHistoryError,
  checkBinaryHeader,
  HistoryDecodeError,
  NdjsonDecoder,
  readBinaryTrailer,
  type Op,
} from '@sessionchaos/core';
import { HISTORY_BIN_FILE, HISTORY_FILE } from './run-meta.ts';

/** Which file of a run directory holds the history to read, and what the reader should know. */
export interface HistoryChoice {
  source: 'binary' | 'ndjson';
  /** The file to read. */
  path: string;
  /** The NDJSON beside it: the fallback, and the source of truth. */
  ndjsonPath: string;
  /** Why the binary history was not used, when it was there but unreadable (a wrong version, a bad record). */
  notes: string[];
}

const CHUNK = 1 << 20;

const notUsed = (why: string): string =>
  `${HISTORY_BIN_FILE} was not used (${why}); ${HISTORY_FILE} was read instead.`;

/**
 * Picks what to read in a run directory: `history.bin` when it exists, has this reader's version,
 * ends in its end record (it is whole) and names the length `history.ndjson` has now (they still
 * belong together); else `history.ndjson`, as runs without a binary copy (older, or killed) are
 * read. Reads only the bin's first and last bytes.
 */
export async function chooseHistory(dir: string): Promise<HistoryChoice> {
  const ndjsonPath = join(dir, HISTORY_FILE);
  const binPath = join(dir, HISTORY_BIN_FILE);
  const ndjson: HistoryChoice = { source: 'ndjson', path: ndjsonPath, ndjsonPath, notes: [] };
  let file;
  try {
    file = await open(binPath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ndjson;
    return { ...ndjson, notes: [notUsed(`it could not be opened: ${(error as Error).message}`)] };
  }
  try {
    const { size } = await file.stat();
    const head = new Uint8Array(BINARY_HEADER_BYTES);
    const tail = new Uint8Array(BINARY_END_RECORD_BYTES);
    await file.read(head, 0, head.length, 0);
    if (size < BINARY_HEADER_BYTES + BINARY_END_RECORD_BYTES) return ndjson;
    checkBinaryHeader(head);
    await file.read(tail, 0, tail.length, size - tail.length);
    const trailer = readBinaryTrailer(tail);
    // No end record: the run was cut off, and the NDJSON says so itself (its partial last line).
    if (trailer === undefined) return ndjson;
    const ndjsonSize = await stat(ndjsonPath).then(
      (s) => s.size,
      () => undefined,
    );
    if (ndjsonSize === undefined) return ndjson;
    // The NDJSON was changed after the run (or the bin is another run's): the NDJSON is the truth,
    // and reading it is what whoever changed it expects, so no note.
    if (trailer.ndjsonBytes !== ndjsonSize) return ndjson;
    return { source: 'binary', path: binPath, ndjsonPath, notes: [] };
  } catch (error) {
    if (error instanceof BinaryHistoryError) return { ...ndjson, notes: [notUsed(error.message)] };
    return { ...ndjson, notes: [notUsed(`reading it failed: ${(error as Error).message}`)] };
  } finally {
    await file.close();
  }
}

/**
 * Streams the chosen history in batches of ops (one per file chunk, never the whole file in
 * memory). A binary history that turns out bad (a bad record, no end record after all) throws a
 * {@link BinaryHistoryError}: read the NDJSON then ({@link fallBackToNdjson}). An NDJSON whose last
 * line was cut off mid-write (a killed run) ends before it, with a note pushed to `notes`; any
 * other bad line throws the decoder's error.
 */
export async function* historyBatches(choice: HistoryChoice, notes: string[]): AsyncGenerator<Op[]> {
  if (choice.source === 'binary') {
    const decoder = new BinaryHistoryDecoder();
    for await (const chunk of createReadStream(choice.path, { highWaterMark: CHUNK })) {
      yield decoder.feed(chunk as Buffer);
    }
    const end = decoder.end();
    if (!end.complete) throw new BinaryHistoryError(`it ended after ${end.ops} ops without its end record`);
    return;
  }
  const decoder = new NdjsonDecoder();
  for await (const chunk of createReadStream(choice.path, { encoding: 'utf8', highWaterMark: CHUNK })) {
    yield decoder.feed(chunk as string);
  }
  try {
    yield decoder.end();
  } catch (error) {
    if (!(error instanceof HistoryDecodeError)) throw error;
    notes.push(
      `${HISTORY_FILE} ended in a partial line ${error.line} (the run was cut off while writing); it was skipped.`,
    );
  }
}

/**
 * Streams the chosen history op by op into `onOp`, as {@link historyBatches} does in batches
 * (same choice, same errors and notes). A binary history's ops are handed on as they are decoded:
 * an op that dies in `onOp` never lives through a young-generation copy, which a batch of a
 * whole chunk's ops does (the re-check of a 1M-op history spent a fifth of its time there).
 */
export async function eachHistoryOp(
  choice: HistoryChoice,
  notes: string[],
  onOp: (op: Op) => void,
): Promise<void> {
  if (choice.source !== 'binary') {
    for await (const ops of historyBatches(choice, notes)) for (const op of ops) onOp(op);
    return;
  }
  const decoder = new BinaryHistoryDecoder();
  for await (const chunk of createReadStream(choice.path, { highWaterMark: CHUNK })) {
    decoder.feedEach(chunk as Buffer, onOp);
  }
  const end = decoder.end();
  if (!end.complete) throw new BinaryHistoryError(`it ended after ${end.ops} ops without its end record`);
}

/** The NDJSON choice after the binary one failed while being read, with a note saying why. */
export function fallBackToNdjson(choice: HistoryChoice, error: BinaryHistoryError): HistoryChoice {
  return {
    source: 'ndjson',
    path: choice.ndjsonPath,
    ndjsonPath: choice.ndjsonPath,
    notes: [notUsed(error.message)],
  };
}
