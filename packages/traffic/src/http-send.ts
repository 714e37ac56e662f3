import type { IncomingHttpHeaders } from 'node:http';
import { DEFAULT_MAX_BODY_BYTES } from '@sessionchaos/core';
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
  /**
   * The body was longer than `maxBodyBytes`: reading stopped there and the connection was closed,
   * so the rest was never downloaded. `declared` is the Content-Length, when the answer gave one.
   */
  tooLarge?: { limit: number; declared?: number };
}

/**
 * Default limit of a body read (the journey's `maxBodyBytes` default): large enough for any real
 * login page or JSON answer, small enough that a target answering 50 MB bodies costs the tool
 * 1 MiB per request in flight, not 50.
 */
export { DEFAULT_MAX_BODY_BYTES };

/** Request options of `send` (undici's dispatch options), the stop signal and the body prefix kept. */
export type SendOptions = Dispatcher.DispatchOptions & { signal?: AbortSignal; maxBodyBytes?: number };

// The requests in flight under each stop signal, and one 'abort' listener per signal that aborts
// them all: a listener added and removed per request (EventTarget's validation, an options
// object, a closure) cost more than a Set entry. The last signal is kept: a run has one.
const inFlightBySignal = new WeakMap<AbortSignal, Set<BodyHandler>>();
let lastSignal: AbortSignal | undefined;
let lastInFlight: Set<BodyHandler> | undefined;

function inFlightOf(signal: AbortSignal): Set<BodyHandler> {
  if (signal === lastSignal) return lastInFlight!;
  let set = inFlightBySignal.get(signal);
  if (set === undefined) {
    const handlers = new Set<BodyHandler>();
    set = handlers;
    inFlightBySignal.set(signal, handlers);
    signal.addEventListener(
      'abort',
      () => {
        for (const h of [...handlers]) h.controller?.abort(signal.reason as Error);
        handlers.clear();
      },
      { once: true },
    );
  }
  lastSignal = signal;
  lastInFlight = set;
  return set;
}

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
  controller: Dispatcher.DispatchController | undefined = undefined;
  inFlight: Set<BodyHandler> | undefined = undefined;
  settled = false;
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
      this.controller = controller;
      this.inFlight = inFlightOf(signal);
      this.inFlight.add(this);
    }
  }

  onResponseStart(c: Dispatcher.DispatchController, statusCode: number, h: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = h;
    // A declared length over the limit is refused before a byte of it is read.
    const declared = Number(h['content-length']);
    if (declared > this.maxBodyBytes) this.#tooLarge(c, declared);
  }

  onResponseData(c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.total += chunk.length;
    const max = this.maxBodyBytes;
    const piece = this.kept + chunk.length > max ? chunk.subarray(0, max - this.kept) : chunk;
    this.kept += piece.length;
    if (this.first === undefined) this.first = piece;
    else (this.more ??= [this.first]).push(piece);
    // Past the limit the answer is not read on: a 200 MB body would cost 200 MB per request.
    if (this.total > max) this.#tooLarge(c, undefined);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.#settle({});
  }

  onResponseError(_c: Dispatcher.DispatchController | null, err: Error): void {
    if (this.settled) return; // the abort of an answer too large, already resolved
    this.settled = true;
    this.#detach();
    this.reject(err);
  }

  /** Resolves with what was read, then closes the connection: undici destroys the socket on abort. */
  #tooLarge(c: Dispatcher.DispatchController, declared: number | undefined): void {
    const tooLarge: NonNullable<RawResponse['tooLarge']> = { limit: this.maxBodyBytes };
    if (declared !== undefined) tooLarge.declared = declared;
    this.#settle({ tooLarge });
    c.abort(new Error(`answer larger than maxBodyBytes (${this.maxBodyBytes} bytes)`));
  }

  #settle(extra: Pick<RawResponse, 'tooLarge'>): void {
    this.settled = true;
    this.#detach();
    const body = this.more ? Buffer.concat(this.more).toString() : (this.first?.toString() ?? '');
    this.resolve({
      status: this.status,
      headers: this.headers,
      body,
      bodyBytes: this.total,
      truncated: this.total > this.kept || extra.tooLarge !== undefined,
      ...extra,
    });
  }

  // The run's one stop signal is shared by every request: each listener must go when its
  // request ends, or they pile up (and EventTarget's duplicate check makes adding O(n)).
  #detach(): void {
    this.inFlight?.delete(this);
  }
}

/**
 * One request through undici's `dispatch` with a plain handler. `Dispatcher.request` wraps every
 * body in a Readable stream; skipping it roughly halved undici's CPU per request in the bench.
 * The body is read as it streams, up to `maxBodyBytes`: an answer longer than that resolves with
 * `tooLarge` and its connection is closed, the rest never read. Rejects on a timeout, reset or
 * refusal (and on headers over undici's limit: `UND_ERR_HEADERS_OVERFLOW`).
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
