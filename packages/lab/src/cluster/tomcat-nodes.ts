import { setTimeout as sleep } from 'node:timers/promises';
import { Wait } from 'testcontainers';
import { APP_PORT, allSettledOrThrow, appNodeNames, type AppNodesContext } from './app-nodes.ts';
import { LabContainer } from './lab-container.ts';
import { labLabels } from './lab-docker.ts';
import type { LabNodeHandle } from './started-lab-cluster.ts';
import type { TomcatImage } from '../images/tomcat-image-source.ts';
import {
  TOMCAT_LOGGING_PROPERTIES,
  TOMCAT_PASSWORD,
  serverXml,
  tomcatJavaArgs,
  tomcatUserNames,
  tomcatUsersXml,
} from '../tomcat/tomcat-config.ts';
import { tomcatFormLogin, tomcatWhoami } from '../tomcat/tomcat-login.ts';
import { tomcatWebappDir } from '../tomcat/tomcat-webapp.ts';

/** Port the Tomcat nodes receive replication on (Tribes' NioReceiver). */
export const TOMCAT_RECEIVER_PORT = 4000;
/** Users in the lab realm: `user-1` ... `user-2000`, password `secret` (the lab journey's credentials). */
export const TOMCAT_LAB_USERS = 2000;

/** Starts the Tomcat nodes in parallel: one JVM a container, the same cluster config but for its own place. */
export function startTomcatNodes(
  ctx: Omit<AppNodesContext, 'image' | 'bundle' | 'redisEnv'>,
  image: TomcatImage,
): Promise<LabNodeHandle[]> {
  const tomcat = ctx.spec.tomcat;
  if (!tomcat) throw new Error('startTomcatNodes needs a spec of strategy "tomcat"');
  const names = appNodeNames(ctx.spec.nodes);
  const users = tomcatUsersXml(tomcatUserNames(TOMCAT_LAB_USERS));
  return allSettledOrThrow(
    names.map(async (name, i): Promise<LabNodeHandle> => {
      const server = serverXml({
        address: '0.0.0.0',
        httpPort: APP_PORT,
        shutdownPort: -1,
        shutdownCommand: 'SHUTDOWN',
        cluster: {
          manager: tomcat.replication,
          sync: tomcat.sync,
          self: i + 1,
          members: names,
          receiverPort: TOMCAT_RECEIVER_PORT,
        },
      });
      const base = image.base;
      const container = await new LabContainer(image.image)
        .withName(`sc-${ctx.runId}-${name}`)
        .withCopyDirectoriesToContainer([{ source: tomcatWebappDir(), target: `${base}/webapps/ROOT` }])
        .withCopyContentToContainer([
          { content: server, target: `${base}/conf/server.xml` },
          { content: users, target: `${base}/conf/tomcat-users.xml` },
          { content: TOMCAT_LOGGING_PROPERTIES, target: `${base}/conf/logging.properties` },
          { content: '', target: `${base}/temp/.keep` },
        ])
        .withCommand([
          'java',
          ...tomcatJavaArgs(image.home, base, {
            'sessionchaos.node': name,
            // The app has no TLDs or web fragments: scanning jars for them costs seconds of each start.
            'tomcat.util.scan.StandardJarScanFilter.jarsToSkip': '*.jar',
          }),
        ])
        .withLoopbackPorts(APP_PORT)
        .withNetworkMode(ctx.network)
        .withNetworkAliases(name)
        .withLabels(labLabels(ctx.runId, 'app'))
        .withWaitStrategy(Wait.forHttp('/healthz', APP_PORT).forStatusCode(200))
        .withStartupTimeout(180_000)
        .start();
      const url = `http://127.0.0.1:${container.getMappedPort(APP_PORT)}`;
      ctx.log(`${name} up: ${url} (Tomcat ${tomcat.replication}, ${tomcat.sync ? 'sync' : 'async'})`);
      return { name, containerId: container.getId(), url, container };
    }),
  );
}

/**
 * Waits until the cluster replicates: a login on the first node is known on every other node. Static
 * members find each other by pinging, so the first seconds after a start may replicate to nobody.
 */
export async function waitForTomcatCluster(nodes: LabNodeHandle[], timeoutMs = 60_000): Promise<void> {
  const [first, ...others] = nodes;
  if (!first || others.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const id = await tomcatFormLogin(first.url, `user-${attempt}`, TOMCAT_PASSWORD).catch(() => undefined);
    if (id) {
      await sleep(200);
      const seen = await Promise.all(others.map((n) => tomcatWhoami(n.url, id).catch(() => null)));
      // The probe's session is ended, so it is not counted among the users' sessions.
      await fetch(`${first.url}/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: `JSESSIONID=${id}` },
        signal: AbortSignal.timeout(5000),
      }).then(
        (r) => r.arrayBuffer(),
        () => undefined,
      );
      if (seen.every((user) => user === `user-${attempt}`)) return;
    }
    if (Date.now() > deadline)
      throw new Error(
        `the Tomcat nodes did not replicate a session in ${timeoutMs} ms: check their logs (docker logs) for the cluster membership`,
      );
    await sleep(500);
  }
}
