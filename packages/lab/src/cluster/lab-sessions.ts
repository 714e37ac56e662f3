import { tomcatFormLogin } from '../tomcat/tomcat-login.ts';
import { TOMCAT_LAB_USERS } from './tomcat-nodes.ts';
import type { StartedLabCluster } from './started-lab-cluster.ts';

/**
 * Logs in `count` users, `concurrency` at a time, and keeps their sessions: through the balancer (the lab app's
 * login), or for Tomcat on the nodes in turn (a FORM login needs its three requests on one node; the cluster
 * copies the session). Returns how many logins failed. Used to measure what sessions cost in memory.
 */
export async function fillSessions(
  lab: StartedLabCluster,
  count: number,
  { concurrency = 16, from = 0 }: { concurrency?: number; from?: number } = {},
): Promise<number> {
  let next = 0;
  let failed = 0;
  const tomcat = lab.spec.strategy === 'tomcat';
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = from + next++;
      try {
        if (tomcat) {
          // The realm knows user-1 ... user-2000; a user may hold many sessions.
          const node = lab.nodes[i % lab.nodes.length];
          if (node) await tomcatFormLogin(node.url, `user-${(i % TOMCAT_LAB_USERS) + 1}`, 'secret');
          continue;
        }
        const response = await fetch(`${lab.url}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: `fill-${i}`, password: 'secret' }),
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
        });
        await response.body?.cancel();
        if (response.status !== 303) failed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failed;
}
