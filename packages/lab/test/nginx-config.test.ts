import test from 'ava';
import { NGINX_MONITOR_URI, nginxConfig, type NginxConfigInput } from '../src/cluster/nginx-config.ts';

const input: NginxConfigInput = {
  nodes: ['app-1', 'app-2'],
  appPort: 3000,
  listenPort: 8080,
  sticky: 'none',
  sessionCookie: 'sid',
  health: { fall: 2, failTimeoutMs: 2000 },
};

test('round robin: an upstream of the nodes with passive checks, no hash, the monitor URI answered by Nginx', (t) => {
  const config = nginxConfig(input);
  t.regex(
    config,
    /upstream app \{\n {4}server app-1:3000 max_fails=2 fail_timeout=2s;\n {4}server app-2:3000/,
  );
  t.notRegex(config, /ip_hash|hash \$cookie/);
  t.regex(config, new RegExp(`location = ${NGINX_MONITOR_URI} \\{ return 200`));
  t.regex(config, /listen 8080;/);
  t.regex(config, /daemon off;/);
  // Nothing under /var: the assembled image has no such folders.
  t.notRegex(config, /\/var\//);
});

test('sticky source is ip_hash; sticky cookie is a consistent hash of the session cookie', (t) => {
  t.regex(nginxConfig({ ...input, sticky: 'source' }), /upstream app \{\n {4}ip_hash;\n/);
  t.regex(nginxConfig({ ...input, sticky: 'cookie' }), /\n {4}hash \$cookie_sid consistent;\n/);
  t.regex(
    nginxConfig({ ...input, sticky: 'cookie', sessionCookie: 'JSESSIONID' }),
    /hash \$cookie_JSESSIONID consistent;/,
  );
});
