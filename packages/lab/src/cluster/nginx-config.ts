import type { StickyMode } from './lab-spec.ts';

/** Path Nginx answers itself (no backend needed): the balancer's own readiness probe. */
export const NGINX_MONITOR_URI = '/__nginx';

/** What the Nginx config is generated from. */
export interface NginxConfigInput {
  /** Backend host names on the lab network (container aliases). */
  nodes: string[];
  appPort: number;
  listenPort: number;
  /** `none`: round robin; `source`: `ip_hash`; `cookie`: `hash $cookie_<sessionCookie> consistent`. */
  sticky: StickyMode;
  /** The app's session cookie, hashed for `cookie` stickiness (`sid`, `JSESSIONID`). */
  sessionCookie: string;
  /** A node that failed this many times is skipped for `failTimeoutMs` (open-source Nginx has passive checks only). */
  health: { fall: number; failTimeoutMs: number };
}

/**
 * The Nginx config for a lab: an upstream of the app nodes, round robin, `ip_hash`, or a consistent hash of
 * the session cookie. Everything Nginx writes goes to /tmp or stderr, so the image needs no /var.
 */
export function nginxConfig(input: NginxConfigInput): string {
  const balance =
    input.sticky === 'source'
      ? '    ip_hash;'
      : input.sticky === 'cookie'
        ? // Users with no session cookie yet all hash alike; a login that changes the id may move its user.
          `    hash $cookie_${input.sessionCookie} consistent;`
        : '';
  const failTimeout = `${Math.max(1, Math.round(input.health.failTimeoutMs / 1000))}s`;
  const servers = input.nodes.map(
    (node) =>
      `    server ${node}:${input.appPort} max_fails=${input.health.fall} fail_timeout=${failTimeout};`,
  );
  return `daemon off;
worker_processes 1;
pid /tmp/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path /tmp/nginx-body;
  proxy_temp_path /tmp/nginx-proxy;
  fastcgi_temp_path /tmp/nginx-fastcgi;
  uwsgi_temp_path /tmp/nginx-uwsgi;
  scgi_temp_path /tmp/nginx-scgi;
  upstream app {
${balance ? `${balance}\n` : ''}${servers.join('\n')}
    keepalive 32;
  }
  server {
    listen ${input.listenPort};
    location = ${NGINX_MONITOR_URI} { return 200 "ok\\n"; }
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
    }
  }
}
`;
}
