import type { Op } from './op.ts';

/** One op as one NDJSON line (no trailing newline). Keys keep the op's own order. */
export function encodeOp(op: Op): string {
  return JSON.stringify(op);
}

/** A history line that is not a valid op; `line` counts from 1 over everything fed. */
export class HistoryDecodeError extends Error {
  readonly line: number;
  constructor(line: number, reason: string) {
    super(`history line ${line}: ${reason}. Each line must be one JSON op (see history/op.ts).`);
    this.name = 'HistoryDecodeError';
    this.line = line;
  }
}

/**
 * Incremental NDJSON decoder: feed text chunks as they come (from a file, a socket), get the
 * complete ops back. A partial last line waits for the next chunk; blank lines are skipped;
 * a bad line throws a {@link HistoryDecodeError} naming its line number.
 */
export class NdjsonDecoder {
  #rest = '';
  #line = 0;

  /** Decodes every complete line in `chunk` (plus what was left over from the last chunk). */
  feed(chunk: string): Op[] {
    const ops: Op[] = [];
    let text = this.#rest + chunk;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      this.#decodeLine(text.slice(start, nl), ops);
      start = nl + 1;
    }
    text = text.slice(start);
    this.#rest = text;
    return ops;
  }

  /** Ends the stream: decodes a last line that had no newline. */
  end(): Op[] {
    const ops: Op[] = [];
    const rest = this.#rest;
    this.#rest = '';
    if (rest.length > 0) this.#decodeLine(rest, ops);
    return ops;
  }

  /** Lines seen so far. */
  get lines(): number {
    return this.#line;
  }

  #decodeLine(raw: string, out: Op[]): void {
    this.#line++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new HistoryDecodeError(this.#line, `not JSON (${(error as Error).message})`);
    }
    out.push(asOp(value, this.#line));
  }
}

/** Checks the fields every op needs; the rest is trusted, as the writer is our own encoder. */
function asOp(value: unknown, line: number): Op {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HistoryDecodeError(line, 'not a JSON object');
  }
  const op = value as Record<string, unknown>;
  if (typeof op.index !== 'number') throw new HistoryDecodeError(line, 'missing numeric "index"');
  if (typeof op.id !== 'number') throw new HistoryDecodeError(line, 'missing numeric "id"');
  if (typeof op.time !== 'number') throw new HistoryDecodeError(line, 'missing numeric "time"');
  if (op.type !== 'invoke' && op.type !== 'ok' && op.type !== 'fail' && op.type !== 'info') {
    throw new HistoryDecodeError(
      line,
      `"type" must be invoke, ok, fail or info, got ${JSON.stringify(op.type)}`,
    );
  }
  if (op.process === 'fault') {
    if (typeof op.fault !== 'string' || typeof op.action !== 'string') {
      throw new HistoryDecodeError(line, 'a fault op needs string "fault" and "action"');
    }
  } else if (typeof op.process !== 'number' || typeof op.step !== 'string') {
    throw new HistoryDecodeError(line, '"process" must be a VU number (with a "step") or "fault"');
  }
  return value as Op;
}

/** Decodes a whole NDJSON text (convenience over {@link NdjsonDecoder}). */
export function decodeHistory(text: string): Op[] {
  const decoder = new NdjsonDecoder();
  return [...decoder.feed(text), ...decoder.end()];
}

/** Encodes a history as NDJSON text, one op per line, newline-terminated. */
export function encodeHistory(history: Iterable<Op>): string {
  let out = '';
  for (const op of history) out += encodeOp(op) + '\n';
  return out;
}
