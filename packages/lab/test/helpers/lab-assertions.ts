import type { ExecutionContext } from 'ava';
import { walkJourney, type JourneyResult } from './cookie-client.ts';

/** Walks the default journey for `users` users one after another (so round-robin order is predictable). */
export async function journeys(url: string, users: number, prefix: string): Promise<JourneyResult[]> {
  const results: JourneyResult[] = [];
  for (let i = 1; i <= users; i++) results.push(await walkJourney(url, `${prefix}-${i}`));
  return results;
}

/** Asserts that every step of every journey succeeded: no lost session, no lost write. */
export function assertNoLoss(t: ExecutionContext, results: JourneyResult[], prefix: string): void {
  results.forEach((r, i) => {
    const user = `${prefix}-${i + 1}`;
    t.is(r.login, 303, `${user} logs in`);
    t.deepEqual(
      r.me.map((m) => [m.status, (m.body as { user: unknown }).user]),
      r.me.map(() => [200, user]),
      `${user} stays logged in on every node`,
    );
    t.is(r.write, 200);
    t.deepEqual(r.read, { status: 200, body: { value: `v-${user}` } });
    t.is(r.logout, 303);
    t.is(r.afterLogout, 401);
  });
}
