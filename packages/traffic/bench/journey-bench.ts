// The journey the session-aware peers (Artillery, Locust) walk, as ours walks it, and the figure
// of our own cost over the HTTP client.
import type { RequestSpec } from '@sessionchaos/core';
import type { Iteration } from '../src/index.ts';
import type { PeerResult } from './peers.ts';

const LOGIN: RequestSpec = {
  method: 'POST',
  path: '/login',
  bodyType: 'form',
  body: { user: 'bench', password: 'bench' },
};
const WHOAMI: RequestSpec = { method: 'GET', path: '/api/me' };
const WRITE: RequestSpec = { method: 'POST', path: '/data', bodyType: 'json', body: { value: 1 } };

/** Log in, who am I, write: one iteration, three requests, as Artillery's and Locust's users do. */
export function journeyIteration(): Iteration {
  return async (vu, ctx, think) => {
    await vu.step(ctx, 'login', LOGIN);
    await vu.step(ctx, 'whoami', WHOAMI);
    await vu.step(ctx, 'write', WRITE, { value: 1 });
    await think();
  };
}

/**
 * Prints `overhead-over-client-us`: our CPU per request minus undici's alone (the same GET, same
 * connections, slices of the same run): what the VUs, jars, journey and history cost on top.
 */
export function overheadOverClient(ours: PeerResult, floor: PeerResult): void {
  if ('skipped' in ours || 'skipped' in floor || ours.cpuUs === undefined || floor.cpuUs === undefined) {
    console.log('our CPU per request over the client alone: skipped overhead-over-client-us: n/a');
    return;
  }
  const o = ours.cpuUs / ours.requests;
  const f = floor.cpuUs / floor.requests;
  console.log(
    `our CPU per request ${o.toFixed(1)} µs - undici alone ${f.toFixed(1)} µs overhead-over-client-us: ${(o - f).toFixed(1)} (goal <= 8)`,
  );
}
