import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent, request } from 'node:http';
import type { LookupFunction } from 'node:net';

interface CachedName {
  /** When the answer below was had (ms, monotonic). */
  at: number;
  address?: LookupAddress;
  error?: NodeJS.ErrnoException;
  /** Callers waiting for the one lookup in flight. */
  waiting?: ((error: NodeJS.ErrnoException | null, address?: LookupAddress) => void)[];
}

/** Resolves one name to one IPv4 address (the system's resolver by default). */
export type Resolver = (
  hostname: string,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
) => void;

const systemResolver: Resolver = (hostname, callback) => dnsLookup(hostname, { family: 4 }, callback);

/**
 * A `lookup` for peer names that keeps each answer (an address or a failure) for `ttlMs` and runs
 * one lookup per name at a time. A killed peer's name makes the system resolver slow (seconds,
 * Docker's DNS forwarding a name it no longer knows); every connection attempt then held one of
 * libuv's four threadpool threads, and the lookups of live peers queued behind them, so copies to
 * live peers timed out too: stale reads and logouts not propagated that were the lab's, not the
 * replication's. With the cache, a dead peer costs one thread and one lookup per `ttlMs`.
 */
export function cachedLookup(ttlMs = 2_000, resolver: Resolver = systemResolver): LookupFunction {
  const names = new Map<string, CachedName>();
  return (hostname, options, callback) => {
    const answer = (error: NodeJS.ErrnoException | null, address?: LookupAddress): void => {
      if (error || !address) return callback(error ?? new Error(`no address for ${hostname}`), '', 4);
      // net asks for every address (`all`) when it may try both families; one is enough here.
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [address]);
      else callback(null, address.address, address.family);
    };
    const now = performance.now();
    let entry = names.get(hostname);
    if (entry && !entry.waiting && now - entry.at < ttlMs) return answer(entry.error ?? null, entry.address);
    if (entry?.waiting) return void entry.waiting.push(answer);
    entry = { at: now, waiting: [answer] };
    names.set(hostname, entry);
    const done = entry;
    resolver(hostname, (error, address, family) => {
      const waiting = done.waiting ?? [];
      done.at = performance.now();
      done.waiting = undefined;
      if (error) done.error = error;
      else done.address = { address, family };
      for (const w of waiting) w(error, done.address);
    });
  };
}

/** Sends one request to a peer and resolves when it is answered, failed or timed out: never rejects. */
export type PeerSend = (peer: string, method: string, path: string, body?: string) => Promise<boolean>;

/**
 * HTTP to peers (`host:port`) over keep-alive connections and {@link cachedLookup}: each request
 * gives up after `timeoutMs`, so a dead peer slows a write by that much at most. Resolves `true`
 * when the peer answered 2xx.
 */
export function peerClient(timeoutMs: number): PeerSend {
  const agent = new Agent({ keepAlive: true });
  const lookup = cachedLookup();
  return (peer, method, path, body) =>
    new Promise((resolve) => {
      const colon = peer.lastIndexOf(':');
      const req = request(
        {
          host: peer.slice(0, colon),
          port: Number(peer.slice(colon + 1)),
          method,
          path,
          agent,
          lookup,
          signal: AbortSignal.timeout(timeoutMs),
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve((res.statusCode ?? 0) < 300));
          // Cut off mid-body (the timeout, a reset): closed without an end.
          res.on('close', () => resolve(false));
        },
      );
      req.on('error', () => resolve(false));
      req.end(body);
    });
}
