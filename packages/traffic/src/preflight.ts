import { request } from 'undici';
import { errorText } from './http-client.ts';

/** Outcome of the preflight: the target answered (any status), or why it did not and how to fix it. */
export type TargetCheck = { ok: true; status: number; ms: number } | { ok: false; message: string };

/**
 * Asks the target once before a run (`GET` of the URL, no redirects followed) so an unreachable
 * target is a clear message up front (the CLI maps it to exit code 69), not a run of errors.
 */
export async function checkTarget(url: string, timeoutMs = 3000): Promise<TargetCheck> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, message: `"${url}" is not a URL. Pass the target as http://host:port.` };
  }
  const t0 = performance.now();
  try {
    const res = await request(parsed, {
      method: 'GET',
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body.dump();
    return { ok: true, status: res.statusCode, ms: performance.now() - t0 };
  } catch (err) {
    return {
      ok: false,
      message:
        `the target ${parsed.origin} did not answer - ${errorText(err)}. ` +
        'Start it (sessionchaos lab up, or your own cluster) or pass the right URL with --target.',
    };
  }
}
