import test from 'ava';
import { validateFaults, type FaultSpec } from '../../src/faults/index.ts';

const ok: FaultSpec = {
  id: 'kill-busiest',
  action: 'kill',
  target: { role: 'app' },
  select: 'busiest',
  at: 10_000,
  duration: 5_000,
};

test('a valid fault list has no errors', (t) => {
  t.deepEqual(validateFaults([ok]), []);
  t.deepEqual(
    validateFaults(
      [{ id: 'hook', action: 'exec', target: {}, at: 0, params: { command: 'true', healCommand: 'true' } }],
      { exec: true },
    ),
    [],
  );
});

test('every error is reported at once, with its path and the valid choices', (t) => {
  const bad = [
    { ...ok, id: 'a', action: 'kil' },
    { ...ok, id: 'a', target: { role: 'db' }, select: 'busiest' },
    { ...ok, id: 'c', select: { percent: 0 } },
    { ...ok, id: 'd', at: -1, duration: 0 },
  ] as unknown as FaultSpec[];
  const errors = validateFaults(bad);
  const paths = errors.map((e) => e.path);
  t.true(
    errors.some((e) => e.path === 'faults[0].action' && /Valid actions: kill, stop, restart/.test(e.message)),
  );
  t.true(errors.some((e) => e.path === 'faults[1].id' && /used twice/.test(e.message)));
  t.true(
    errors.some((e) => e.path === 'faults[1].target.role' && /Valid roles: app, balancer/.test(e.message)),
  );
  t.true(paths.includes('faults[2].select.percent'));
  t.true(paths.includes('faults[3].at'));
  t.true(paths.includes('faults[3].duration'));
});

test('a selector that is null, a list, an empty object or a name that is not text is an error, not a crash; the valid ones pass', (t) => {
  const odd = [null, [], {}, { percent: 10, name: 'app-1' }, { name: 3 }, { name: '' }, 7];
  const errors = validateFaults(
    odd.map((select, i) => ({ ...ok, id: `f${i}`, select })) as unknown as FaultSpec[],
  );
  t.deepEqual(
    errors.map((e) => e.path),
    [
      'faults[0].select',
      'faults[1].select',
      'faults[2].select',
      'faults[3].select',
      'faults[4].select.name',
      'faults[5].select.name',
      'faults[6].select',
    ],
  );
  t.regex(errors[0]!.message, /got null\. Valid selectors: one, all, busiest/);
  const valid = ['one', 'all', 'busiest', { percent: 50 }, { name: 'app-2' }];
  t.deepEqual(
    validateFaults(valid.map((select, i) => ({ ...ok, id: `v${i}`, select })) as unknown as FaultSpec[]),
    [],
  );
});

test('exec hooks and containers outside the lab need the user to allow them for the run', (t) => {
  const hook: FaultSpec = {
    id: 'h',
    action: 'exec',
    target: {},
    at: 0,
    params: { command: 'kubectl delete pod web-0' },
  };
  const foreign: FaultSpec = {
    id: 'f',
    action: 'pause',
    target: { container: 'shop-web-1' },
    at: 0,
    duration: 1_000,
  };
  const errors = validateFaults([hook, foreign]);
  t.true(errors.some((e) => /--allow-exec/.test(e.message)));
  t.true(errors.some((e) => /--allow-external/.test(e.message)));
  t.deepEqual(validateFaults([hook, foreign], { exec: true, external: true }), []);
});

test('action-specific parameters are required', (t) => {
  const errors = validateFaults(
    [
      { id: 'l', action: 'loss', target: { role: 'app' }, at: 0, duration: 1 },
      { id: 'x', action: 'exec', target: {}, at: 0 },
      { id: 'r', action: 'pause', target: { role: 'app' }, at: 0, every: 1_000 },
    ],
    { exec: true },
  );
  t.deepEqual(
    errors.map((e) => e.path),
    ['faults[0].params.lossPercent', 'faults[1].params.command', 'faults[2].duration'],
  );
});

test('failover methods are checked', (t) => {
  const spec: FaultSpec = {
    id: 'f',
    action: 'failover',
    target: { role: 'redis-primary' },
    at: 0,
    params: { how: 'sentinel' },
  };
  t.deepEqual(validateFaults([spec]), []);
  const errors = validateFaults([{ ...spec, params: { how: 'nuke' } } as unknown as FaultSpec]);
  t.deepEqual(
    errors.map((e) => e.path),
    ['faults[0].params.how'],
  );
  t.regex(errors[0]!.message, /Valid methods: kill, sentinel, client-pause, debug-sleep/);
});

test('partition ports: a list of TCP ports, on partition only', (t) => {
  const cut = (params: unknown, action = 'partition'): string[] =>
    validateFaults([
      { id: 'cut', action, target: { role: 'app' }, at: 0, duration: 1000, params } as unknown as FaultSpec,
    ]).map((e) => `${e.path}: ${e.message}`);
  t.deepEqual(cut({ ports: [4000] }), []);
  t.deepEqual(cut({ ports: [4000, 4001] }), []);
  t.deepEqual(cut(undefined), []);
  const bad = 'faults[0].params.ports: partition ports must be a list of TCP ports, 1 to 65535 (e.g. [4000])';
  t.deepEqual(cut({ ports: [] }), [bad]);
  t.deepEqual(cut({ ports: [0] }), [bad]);
  t.deepEqual(cut({ ports: [70000] }), [bad]);
  t.deepEqual(cut({ ports: '4000' }), [bad]);
  t.deepEqual(cut({ ports: [4000] }, 'kill'), [
    'faults[0].params.ports: ports is a param of partition, not of kill',
  ]);
});

test("a param of another action is flagged with its owners (it would be ignored), each action's own are not", (t) => {
  const fault = (action: string, params: unknown): string[] =>
    validateFaults([
      { id: 'f', action, target: { role: 'app' }, at: 0, duration: 1000, params } as unknown as FaultSpec,
    ]).map((e) => `${e.path}: ${e.message}`);
  t.deepEqual(fault('kill', { graceSeconds: 5 }), [
    'faults[0].params.graceSeconds: graceSeconds is a param of stop, restart, not of kill',
  ]);
  t.deepEqual(fault('stop', { graceSeconds: 5 }), []);
  t.deepEqual(fault('restart', { graceSeconds: 5 }), []);
  t.deepEqual(fault('latency', { latencyMs: 5, timeoutMs: 1000 }), [
    'faults[0].params.timeout: timeout is a param of failover, exec, not of latency',
  ]);
});

test('cpu-stress needs the CPUs it leaves, from a hundredth of one', (t) => {
  const starve = (params: unknown): string[] =>
    validateFaults([
      {
        id: 's',
        action: 'cpu-stress',
        target: { role: 'app' },
        at: 0,
        duration: 1000,
        params,
      } as unknown as FaultSpec,
    ]).map((e) => `${e.path}: ${e.message}`);
  t.deepEqual(starve({ cpus: 0.1 }), []);
  t.deepEqual(starve({ cpus: 2 }), []);
  const bad =
    'faults[0].params.cpus: cpu-stress needs params.cpus, the CPUs left to it, from 0.01 (e.g. 0.1)';
  t.deepEqual(starve(undefined), [bad]);
  t.deepEqual(starve({ cpus: 0 }), [bad]);
  t.deepEqual(starve({ cpus: '0.1' }), [bad]);
  t.deepEqual(starve({ cpus: 0.1, latencyMs: 5 }), [
    'faults[0].params.latencyMs: latencyMs is a param of latency, not of cpu-stress',
  ]);
});
