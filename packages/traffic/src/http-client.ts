import { maxHeaderSize } from 'node:http';
import { Agent } from 'undici';

/** Options of the shared HTTP client. */
export interface HttpClientOptions {
  /** Most keep-alive connections per origin, shared by every VU (default 64). */
  connections?: number;
  /** Headers and body timeouts, ms (default 10,000). A timeout is recorded as `info`. */
  timeoutMs?: number;
}

/**
 * The one undici Agent the VUs share: a keep-alive pool per origin. No redirect interceptor:
 * redirects are followed by `exchange` so every hop's Set-Cookie lands in the VU's jar.
 */
export function createHttpClient(options: HttpClientOptions = {}): Agent {
  const timeout = options.timeoutMs ?? 10_000;
  return new Agent({
    connections: options.connections ?? 64,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: timeout,
    bodyTimeout: timeout,
    connect: { timeout },
  });
}

/**
 * The error of an answer whose headers passed the client's limit (undici's
 * `UND_ERR_HEADERS_OVERFLOW`): named, with the limit and the fix, as it is no silence of the target.
 */
export function headersTooLargeText(limit: number = maxHeaderSize): string {
  return (
    `headers-too-large: the answer's headers passed the ${limit} bytes the client reads (UND_ERR_HEADERS_OVERFLOW), ` +
    'as thousands of Set-Cookie headers or one huge cookie do; browsers refuse such answers too. ' +
    'Fix the target (what sets these cookies?), or raise the limit with NODE_OPTIONS=--max-http-header-size=<bytes>'
  );
}

/** Error text for an op: the undici/Node code first (stable across versions), then the message. */
export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: string }).code;
    if (code === 'UND_ERR_HEADERS_OVERFLOW') return headersTooLargeText();
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ? `${cause.code}: ${cause.message ?? ''}` : err.message;
    return code ? `${code}: ${detail}` : detail;
  }
  return String(err);
}
