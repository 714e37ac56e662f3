import test from 'ava';
import type { ContainerMemory } from '@sessionchaos/lab';
import { labFigures, type LoginOp } from '../../src/compare/compare-lab-figures.ts';
import type { LabMeasure } from '../../src/compare/compare-meter.ts';
import { COMPARE_STRATEGIES, placementOf } from '../../src/compare/compare-strategies.ts';

const MiB = 1024 * 1024;
const mem = (
  role: string,
  name: string,
  mib: number,
  source: 'heap' | 'container' = 'heap',
): ContainerMemory => ({
  role,
  name,
  bytes: mib * MiB,
  source,
});

const measure = (over: Partial<LabMeasure> = {}): LabMeasure => ({
  before: [mem('app', 'app-1', 10), mem('app', 'app-2', 10), mem('redis', 'redis', 2, 'container')],
  after: [mem('app', 'app-1', 12), mem('app', 'app-2', 11), mem('redis', 'redis', 3, 'container')],
  filled: 500,
  atMs: 8000,
  traffic: { betweenNodes: 40_000, withStore: 9000 },
  notes: [],
  ...over,
});

const login = (time: number, type = 'ok', process: number | string = 1): LoginOp => ({
  process,
  type,
  time,
  step: 'login',
});
// 10 users' logins before the reading; one failed, one from a probe, one after the reading: not counted.
const ops: LoginOp[] = [
  ...Array.from({ length: 10 }, (_, i) => login(100 * i, 'ok', i + 1)),
  login(50, 'fail'),
  login(60, 'ok', 'probe'),
  login(9000),
  { process: 1, type: 'ok', time: 200, step: 'whoami' },
];

test('clustering: memory per node per 1,000 sessions of the cluster, replication bytes per login; no store', (t) => {
  const f = labFigures({ sessions: 'nodes', replicates: true, store: false }, measure(), ops);
  t.is(f.sessions, 500);
  t.is(f.logins, 10);
  // The two nodes grew by 2 and 1 MiB for 500 sessions: 1.5 MiB a node, 3 MiB per 1,000 sessions.
  t.is(f.memoryPerNode, 3 * MiB);
  t.is(f.storeMemory, null);
  t.is(f.replicationPerLogin, 4000);
  t.is(f.storePerLogin, null);
});

test('external store: the store memory and traffic; near-miss: no replication figure though bytes were counted', (t) => {
  const f = labFigures({ sessions: 'store', replicates: false, store: true }, measure(), ops);
  t.is(f.storeMemory, 2 * MiB); // 1 MiB for 500 sessions
  t.is(f.storePerLogin, 900);
  t.is(f.replicationPerLogin, null);
  t.is(f.memoryPerNode, 3 * MiB);
});

test('no sessions (JWT), no measure, no fill, no login, no traffic counted: "-" (null), never 0 or Infinity', (t) => {
  const jwt = labFigures({ sessions: 'none', replicates: false, store: true }, measure(), ops);
  t.is(jwt.memoryPerNode, null);
  t.is(jwt.storeMemory, null);
  t.is(jwt.storePerLogin, 900);
  const none = labFigures({ sessions: 'nodes', replicates: true, store: false }, null, ops);
  t.deepEqual(Object.values(none), [null, null, null, null, null, null]);
  const empty = labFigures(
    { sessions: 'nodes', replicates: true, store: true },
    measure({ filled: 0, traffic: null }),
    [],
  );
  t.is(empty.memoryPerNode, null);
  t.is(empty.replicationPerLogin, null);
  t.is(empty.storePerLogin, null);
  // A node sampled before the fill but not after it (it died) is left out, not counted as a drop.
  const gone = labFigures(
    { sessions: 'nodes', replicates: false, store: false },
    measure({ after: [mem('app', 'app-1', 12)] }),
    ops,
  );
  t.is(gone.memoryPerNode, 4 * MiB);
});

test('placement: where each compared strategy keeps its sessions', (t) => {
  t.deepEqual(
    COMPARE_STRATEGIES.map((s) => {
      const p = placementOf(s.lab);
      return `${s.name}:${p.sessions}${p.replicates ? '+replicates' : ''}${p.store ? '+store' : ''}`;
    }),
    [
      'memory:nodes',
      'sticky-cookie:nodes',
      'sticky-source:nodes',
      'replicated:nodes+replicates',
      'tomcat-delta-async:nodes+replicates',
      'tomcat-delta-sync:nodes+replicates',
      'tomcat-backup:nodes+replicates',
      'redis-single:store+store',
      'redis-sentinel:store+store',
      'memcached:store+store',
      'postgres:store+store',
      'jwt:none+store',
    ],
  );
});
