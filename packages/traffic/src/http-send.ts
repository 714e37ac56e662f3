import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

/**
 * A response: status, headers (lowercase names; `set-cookie` may be a string or an array), and
 * the body's first `maxBodyBytes` as text; `bodyBytes` counts the whole body, kept or not.
 */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  bodyBytes: number;
  /** The body was longer than the prefix kept. */
  truncated: boolean;
}

/**
 * Default prefix of a body kept for captures, checks and form pages: large enough for any real
 * login page or JSON answer, small enough that a target answering 50 MB bodies costs the tool
 * 1 MiB per request in flight, not 50.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Request options of `send` (undici's dispatch options), the stop signal and the body prefix kept. */
export type SendOptions = Dispatcher.DispatchOptions & { signal?: AbortSignal; maxBodyBytes?: number };

/**
 * The handler of one request: one object whose methods live on the prototype, rather than a
 * literal of five fresh closures per request (this runs once per request of every VU).
 */
class BodyHandler implements Dispatcher.DispatchHandler {
  status = 0;
  headers: IncomingHttpHeaders = {};
  first: Buffer | undefined = undefined;
  more: Buffer[] | undefined = undefined;
  kept = 0;
  total = 0;
  onAbort: (() => void) | undefined = undefined;
  readonly resolve: (r: RawResponse) => void;
  readonly reject: (err: Error) => void;
  readonly maxBodyBytes: number;
  readonly signal: AbortSignal | undefined;

  constructor(
    resolve: (r: RawResponse) => void,
    reject: (err: Error) => void,
    maxBodyBytes: number,
    signal: AbortSignal | undefined,
  ) {
    this.resolve = resolve;
    this.reject = reject;
    this.maxBodyBytes = maxBodyBytes;
    this.signal = signal;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    const signal = this.signal;
    if (signal) {
      if (signal.aborted) return controller.abort(signal.reason as Error);
      this.onAbort = () => controller.abort(signal.reason as Error);
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, h: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = h;
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.total += chunk.length;
    const max = this.maxBodyBytes;
    if (this.kept >= max) return;
    // Past the prefix, chunks are dropped as they come: undici frees them, nothing piles up.
    const piece = this.kept + chunk.length > max ? chunk.subarray(0, max - this.kept) : chunk;
    this.kept += piece.length;
    if (this.first === undefined) this.first = piece;
    else (this.more ??= [this.first]).push(piece);
  }

  onResponseEnd(): void {
    this.#detach();
    const body = this.more ? Buffer.concat(this.more).toString() : (this.first?.toString() ?? '');
    this.resolve({
      status: this.status,
      headers: this.headers,
      body,
      bodyBytes: this.total,
      truncated: this.total > this.kept,
    });
  }

  onResponseError(_c: Dispatcher.DispatchController | null, err: Error): void {
    this.#detach();
    this.reject(err);
  }

  // The run's one stop signal is shared by every request: each listener must go when its
  // request ends, or they pile up (and EventTarget's duplicate check makes adding O(n)).
  #detach(): void {
    if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort);
  }
}

/**
 * One request through undici's `dispatch` with a plain handler. `Dispatcher.request` wraps every
 * body in a Readable stream; skipping it roughly halved undici's CPU per request in the bench.
 * The body is read as it streams: its first `maxBodyBytes` are kept, the rest only counted.
 * Rejects on a timeout, reset or refusal.
 */
export function send(client: Dispatcher, options: SendOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const handler = new BodyHandler(
      resolve,
      reject,
      options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      options.signal,
    );
    // The options go to undici as they are, `signal` and `maxBodyBytes` included: undici reads only
    // the fields it knows, and a copy without them would cost an object per request.
    client.dispatch(options, handler);
  });
}
