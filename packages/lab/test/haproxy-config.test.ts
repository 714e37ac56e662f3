import test from 'ava';
import { haproxyConfig, type HaproxyConfigInput } from '../src/index.ts';

const base: HaproxyConfigInput = {
  nodes: ['app-1', 'app-2'],
  appPort: 3000,
  listenPort: 8080,
  sticky: 'none',
  health: { interMs: 500, fall: 2, rise: 1 },
};
const lines = (input: HaproxyConfigInput): string[] =>
  haproxyConfig(input)
    .split('\n')
    .map((l) => l.trim());

test('round-robin with health checks on /healthz and Docker’s resolver', (t) => {
  const config = lines(base);
  t.true(config.includes('balance roundrobin'));
  t.true(config.includes('option httpchk GET /healthz'));
  t.true(config.includes('resolvers docker'));
  t.true(config.includes('nameserver dns 127.0.0.11:53'));
  t.true(config.includes('hold valid 1s'));
  t.true(
    config.includes('default-server check inter 500 fall 2 rise 1 resolvers docker init-addr last,libc,none'),
  );
  t.deepEqual(
    config.filter((l) => l.startsWith('server ')),
    ['server app-1 app-1:3000', 'server app-2 app-2:3000'],
  );
  t.false(config.some((l) => l.includes('cookie')));
  t.true(config.includes('bind *:8080'));
});

test('sticky by cookie inserts SERVERID and names each server', (t) => {
  const config = lines({ ...base, sticky: 'cookie' });
  t.true(config.includes('cookie SERVERID insert indirect nocache'));
  t.true(config.includes('balance roundrobin'));
  t.true(config.includes('server app-2 app-2:3000 cookie app-2'));
});

test('sticky by source IP hashes the source', (t) => {
  const config = lines({ ...base, sticky: 'source' });
  t.true(config.includes('balance source'));
  t.false(config.some((l) => l.includes('SERVERID')));
});

test('health timings are configurable', (t) => {
  const config = haproxyConfig({ ...base, health: { interMs: 2000, fall: 5, rise: 3 } });
  t.regex(config, /check inter 2000 fall 5 rise 3 /);
});
