import { createRequire } from 'node:module';
import type autocannon from 'autocannon';
import { LatencyHistogram, type LatencySummary } from './latency-histogram.ts';
import type { VirtualUser } from './virtual-user.ts';

/** Raw background load next to the VUs. Bounded by `durationMs`; `stop()` ends it early. */
export interface FloodOptions {
  /** Absolute URL to hammer. */
  url: string;
  connections: number;
  durationMs: number;
  method?: 'GET' | 'POST';
  /**
   * Cookie headers of logged-in VUs to reuse (connection i sends cookies[i mod n]); empty or
   * absent means anonymous load.
   */
  cookies?: string[];
  timeoutMs?: number;
}

/** What the flood did, ready to merge into the run's metrics. */
export interface FloodResult {
  requests: number;
  rps: number;
  byStatus: Record<string, number>;
  errors: number;
  timeouts: number;
  latencyMs: LatencySummary;
  /** Every response's latency, mergeable with the run's histogram. */
  histogram: LatencyHistogram;
  durationMs: number;
}

/** A flood in progress. */
export interface FloodHandle {
  done: Promise<FloodResult>;
  stop(): void;
}

/** Cookie headers of the VUs that are logged in, for a flood that reuses their sessions. */
export function loggedInCookies(vus: Iterable<VirtualUser>, url: string): string[] {
  const out: string[] = [];
  for (const vu of vus) {
    if (!vu.loggedIn) continue;
    const header = vu.jar.outgoing(url).header;
    if (header !== '') out.push(header);
  }
  return out;
}

// autocannon (a CommonJS package) is required on the first flood rather than imported: everything that imports
// this package (`sessionchaos journey`, init) would otherwise load the load generator it never starts.
const requireCjs = createRequire(import.meta.url);

/** Starts autocannon as raw load (anonymous, or with cookies of logged-in VUs). */
export function startFlood(options: FloodOptions): FloodHandle {
  const histogram = new LatencyHistogram();
  const cookies = options.cookies ?? [];
  let next = 0;
  let instance: autocannon.Instance | undefined;
  const start = requireCjs('autocannon') as typeof autocannon;
  const done = new Promise<FloodResult>((resolve, reject) => {
    instance = start(
      {
        url: options.url,
        method: options.method ?? 'GET',
        connections: options.connections,
        duration: Math.max(1, options.durationMs / 1000),
        timeout: Math.ceil((options.timeoutMs ?? 10_000) / 1000),
        setupClient: (client) => {
          // One VU's cookies per connection, fixed for its life (autocannon resets per-request context).
          if (cookies.length > 0) client.setHeaders({ cookie: cookies[next++ % cookies.length] });
        },
      },
      (err, result) => {
        if (err) return reject(err);
        const byStatus: Record<string, number> = {};
        for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) byStatus[code] = s.count ?? 0;
        resolve({
          requests: result.requests.total,
          rps: result.requests.average,
          byStatus,
          errors: result.errors,
          timeouts: result.timeouts,
          latencyMs: histogram.summary(),
          histogram,
          durationMs: result.duration * 1000,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => histogram.record(ms));
  });
  return { done, stop: () => instance?.stop() };
}
