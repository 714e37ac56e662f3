import type { StickyMode } from './lab-spec.ts';

/** What the balancer config is generated from. */
export interface HaproxyConfigInput {
  /** Backend host names on the lab network (container aliases). */
  nodes: string[];
  /** Port the app nodes listen on. */
  appPort: number;
  /** Port the balancer listens on inside its container. */
  listenPort: number;
  sticky: StickyMode;
  health: { interMs: number; fall: number; rise: number };
}

/** Path HAProxy answers itself (no backend needed): the balancer's own readiness probe. */
export const HAPROXY_MONITOR_URI = '/__haproxy';

/**
 * The HAProxy config for a lab: round-robin, or sticky by inserted cookie or source hash; real
 * health checks on /healthz; Docker's resolver, so a killed and restarted node (maybe at a new
 * address) goes DOWN and comes back UP.
 */
export function haproxyConfig(input: HaproxyConfigInput): string {
  const { health } = input;
  const balance = input.sticky === 'source' ? 'source' : 'roundrobin';
  const lines = [
    'global',
    '  maxconn 4096',
    '',
    'resolvers docker',
    '  nameserver dns 127.0.0.11:53',
    '  hold valid 1s',
    '',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  option http-server-close',
    '',
    'frontend lab',
    `  bind *:${input.listenPort}`,
    `  monitor-uri ${HAPROXY_MONITOR_URI}`,
    '  default_backend app',
    '',
    'backend app',
    `  balance ${balance}`,
    '  option httpchk GET /healthz',
    '  http-check expect status 200',
    `  default-server check inter ${health.interMs} fall ${health.fall} rise ${health.rise} resolvers docker init-addr last,libc,none`,
  ];
  if (input.sticky === 'cookie') lines.push('  cookie SERVERID insert indirect nocache');
  for (const node of input.nodes) {
    const cookie = input.sticky === 'cookie' ? ` cookie ${node}` : '';
    lines.push(`  server ${node} ${node}:${input.appPort}${cookie}`);
  }
  return `${lines.join('\n')}\n`;
}
