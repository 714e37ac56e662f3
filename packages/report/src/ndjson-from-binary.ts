import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, open, rename, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  BINARY_END_RECORD_BYTES,
  BINARY_HEADER_BYTES,
  BinaryNdjsonConverter,
  binaryEndRecord,
  readBinaryTrailer,
  type BinaryHistoryEnd,
} from '@sessionchaos/core';
import { HISTORY_BIN_FILE, HISTORY_FILE } from './run-meta.ts';

const CHUNK = 1 << 20;

/**
 * Writes the NDJSON history made from the binary history at `binPath` (streamed, never whole in
 * memory) to `ndjsonPath`: byte for byte what the NDJSON writer writes for the same ops. Resolves
 * with its length and what the binary history's end said (a cut one gives its whole records).
 */
export async function writeNdjsonFromBinary(
  binPath: string,
  ndjsonPath: string,
): Promise<{ bytes: number; end: BinaryHistoryEnd }> {
  const converter = new BinaryNdjsonConverter();
  let bytes = 0;
  await pipeline(
    createReadStream(binPath, { highWaterMark: CHUNK }),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        const text = converter.feed(chunk);
        if (text === '') continue;
        bytes += Buffer.byteLength(text);
        yield text;
      }
    },
    createWriteStream(ndjsonPath),
  );
  return { bytes, end: converter.end() };
}

/** Whether the binary history at `binPath` ends in its end record (false: it was cut off, or is not there). */
async function isWhole(binPath: string): Promise<{ whole: boolean; size: number } | undefined> {
  let file;
  try {
    file = await open(binPath, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await file.stat();
    if (size < BINARY_HEADER_BYTES) return undefined;
    const tail = new Uint8Array(BINARY_END_RECORD_BYTES);
    if (size >= BINARY_HEADER_BYTES + BINARY_END_RECORD_BYTES)
      await file.read(tail, 0, tail.length, size - tail.length);
    return {
      whole: size >= BINARY_HEADER_BYTES + tail.length && readBinaryTrailer(tail) !== undefined,
      size,
    };
  } finally {
    await file.close();
  }
}

/**
 * After a run was cut off (killed before it could end its history), rebuilds `history.ndjson` in
 * `dir` from `history.bin`: the ops of every record it flushed, the NDJSON the run would have
 * written for them. The bin is then cut to its last whole record and given its end record, so it
 * reads as whole and belongs with the rebuilt NDJSON. Does nothing (undefined) for a whole history,
 * one without a bin, a bin that does not parse (the readers then say why), or an NDJSON that holds
 * at least as much (a run of a version that wrote it as it went). Else resolves with a note.
 */
export async function recoverHistory(dir: string): Promise<string | undefined> {
  const binPath = join(dir, HISTORY_BIN_FILE);
  const ndjsonPath = join(dir, HISTORY_FILE);
  const bin = await isWhole(binPath);
  if (bin === undefined || bin.whole) return undefined;
  const rebuilt = `${ndjsonPath}.rebuilt`;
  let made;
  try {
    made = await writeNdjsonFromBinary(binPath, rebuilt);
  } catch {
    await rm(rebuilt, { force: true });
    return undefined;
  }
  const existing = await stat(ndjsonPath).then(
    (s) => s.size,
    () => -1,
  );
  if (existing >= made.bytes) {
    await rm(rebuilt, { force: true });
    return undefined;
  }
  await rename(rebuilt, ndjsonPath);
  await truncate(binPath, bin.size - made.end.trailingBytes);
  await appendFile(binPath, binaryEndRecord(made.end.ops, made.bytes));
  const cut =
    made.end.trailingBytes > 0
      ? `; the ${made.end.trailingBytes} bytes of an op cut mid-write were left out`
      : '';
  return (
    `${HISTORY_FILE} was rebuilt from ${HISTORY_BIN_FILE}: the run was cut off before it ended its history, ` +
    `and the ${made.end.ops} ops it had flushed were kept${cut}.`
  );
}
