import { Wait, type StartedTestContainer } from 'testcontainers';
import { APP_PORT, appNodeNames } from './app-nodes.ts';
import { HAPROXY_MONITOR_URI, haproxyConfig } from './haproxy-config.ts';
import { LabContainer } from './lab-container.ts';
import { labLabels } from './lab-docker.ts';
import type { ResolvedLabSpec } from './lab-spec.ts';
import { NGINX_MONITOR_URI, nginxConfig } from './nginx-config.ts';
import { imageModeFromEnv } from '../images/lab-images.ts';
import { resolveOptionalImage } from '../images/optional-image.ts';

/** Port the balancer listens on inside its container. */
export const BALANCER_PORT = 8080;
/** The official Nginx image, used when a registry answers. */
export const OFFICIAL_NGINX_IMAGE = 'nginx:1.27';
const HAPROXY_CONF_PATH = '/tmp/haproxy.cfg';
const NGINX_CONF_PATH = '/tmp/nginx.conf';

/** The session cookie a strategy's app sets (what an Nginx cookie hash reads). */
const sessionCookieOf = (spec: ResolvedLabSpec): string =>
  spec.strategy === 'tomcat' ? 'JSESSIONID' : 'sid';

/** Starts the lab's balancer (HAProxy, or Nginx when the spec asks) as `balancer`, published on 127.0.0.1. */
export async function startBalancer(ctx: {
  spec: ResolvedLabSpec;
  runId: string;
  network: string;
  haproxyImage: string;
}): Promise<StartedTestContainer> {
  const { spec } = ctx;
  const nodes = appNodeNames(spec.nodes);
  const base = (image: string): LabContainer =>
    new LabContainer(image)
      .withName(`sc-${ctx.runId}-balancer`)
      .withLoopbackPorts(BALANCER_PORT)
      .withNetworkMode(ctx.network)
      .withNetworkAliases('balancer')
      .withLabels(labLabels(ctx.runId, 'balancer'));
  if (spec.balancer === 'nginx') {
    const image = await resolveOptionalImage(
      OFFICIAL_NGINX_IMAGE,
      () => ({
        repository: 'sessionchaos/nginx',
        binaries: ['/usr/sbin/nginx'],
        changes: ['ENV PATH=/usr/local/bin:/usr/bin:/usr/sbin:/bin'],
      }),
      spec.images ?? imageModeFromEnv(),
    );
    const config = nginxConfig({
      nodes,
      appPort: APP_PORT,
      listenPort: BALANCER_PORT,
      sticky: spec.sticky,
      sessionCookie: sessionCookieOf(spec),
      health: { fall: spec.health.fall, failTimeoutMs: 2000 },
    });
    return (
      base(image)
        .withCopyContentToContainer([{ content: config, target: NGINX_CONF_PATH, mode: 0o644 }])
        // -e: the compiled-in error log (/var/log/nginx) is opened before the config is read.
        .withCommand(['nginx', '-e', 'stderr', '-c', NGINX_CONF_PATH])
        .withWaitStrategy(Wait.forHttp(NGINX_MONITOR_URI, BALANCER_PORT).forStatusCode(200))
        .start()
    );
  }
  const config = haproxyConfig({
    nodes,
    appPort: APP_PORT,
    listenPort: BALANCER_PORT,
    sticky: spec.sticky,
    health: spec.health,
  });
  return base(ctx.haproxyImage)
    .withCopyContentToContainer([{ content: config, target: HAPROXY_CONF_PATH, mode: 0o644 }])
    .withCommand(['haproxy', '-W', '-db', '-f', HAPROXY_CONF_PATH])
    .withWaitStrategy(Wait.forHttp(HAPROXY_MONITOR_URI, BALANCER_PORT).forStatusCode(200))
    .start();
}
