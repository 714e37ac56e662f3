// The floor under our traffic: the same requests through the HTTP client our VUs use (`send`
// over the shared undici Agent), one loop per connection, with no VU, no cookie jar, no journey
// and no history. What is left between this and autocannon is undici's own cost; what is left
// between ours and this is the session machinery (jars, recording, journey).
import { createHttpClient, send } from '../src/index.ts';
import type { PeerResult } from './peers.ts';

/** `connections` loops sending GET `url` back to back for `seconds`, through `send` and undici. */
export async function runClientFloor(url: string, connections: number, seconds: number): Promise<PeerResult> {
  const client = createHttpClient({ connections });
  const { origin, pathname } = new URL(url);
  const until = performance.now() + seconds * 1000;
  let requests = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        await send(client, { origin, path: pathname, method: 'GET', headers: {} });
        requests++;
      }
    }),
  );
  const seconds_ = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await client.close();
  return { rps: requests / seconds_, requests, note: 'undici alone', cpuUs: cpu.user + cpu.system };
}
