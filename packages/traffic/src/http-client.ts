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

/** Error text for an op: the undici/Node code first (stable across versions), then the message. */
export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: string }).code;
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ? `${cause.code}: ${cause.message ?? ''}` : err.message;
    return code ? `${code}: ${detail}` : detail;
  }
  return String(err);
}
