import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import type { FaultOp, FaultSpec, PlannedFault } from '@sessionchaos/core';
import { IMAGE_NODE_PATH, assembleImage, nodeImageSpec } from '@sessionchaos/lab';
import { newRunId, projectLabels, removeByRunId, requireDocker } from '@sessionchaos/testkit';
import { DockerDriver, FaultError, FaultRunner, HealJournal } from '../src/index.ts';
import {
  confirmDelay,
  confirmDisconnected,
  confirmNotRunning,
  confirmPaused,
  confirmRestarted,
  confirmRules,
  startedAt,
} from '../src/confirm-effect.ts';
import { nsenter } from '../src/netns.ts';

const runId = newRunId('confirm');
const network = `sessionchaos-${runId}`;
const server = `require('node:http').createServer((q, s) => s.end('pong')).listen(8080, () => console.log('listening'))`;
let victim: StartedTestContainer;
/** A server that dies at once when started again: busybox sh, which exits 3 once /tmp/booted exists. */
let crasher: StartedTestContainer;

test.before(async () => {
  const rt = await requireDocker();
  await rt.container.dockerode.createNetwork({ Name: network, Labels: projectLabels(runId) });
  const image = await assembleImage(nodeImageSpec());
  [victim, crasher] = await Promise.all([
    new GenericContainer(image)
      .withCommand([IMAGE_NODE_PATH, '-e', server])
      .withNetworkMode(network)
      .withNetworkAliases('victim')
      .withLabels(projectLabels(runId))
      .withWaitStrategy(Wait.forLogMessage('listening'))
      .start(),
    new GenericContainer(image)
      .withEntrypoint(['/bin/sh', '-c'])
      .withCommand([
        '[ -e /tmp/booted ] && exit 3; : > /tmp/booted; echo booted; exec /bin/busybox sleep 600',
      ])
      .withLabels(projectLabels(runId))
      .withWaitStrategy(Wait.forLogMessage('booted'))
      .start(),
  ]);
});
test.after.always(async () => {
  await removeByRunId(runId);
});

async function engine() {
  return (await requireDocker()).container.dockerode;
}

/** Applies one fault to `container` through the runner and returns its completion, then heals it. */
async function inject(
  container: StartedTestContainer,
  action: FaultSpec['action'],
  params: FaultSpec['params'] = {},
): Promise<FaultOp> {
  const ops: FaultOp[] = [];
  const driver = new DockerDriver({ followStarts: false });
  await driver.setup();
  const r = new FaultRunner({
    drivers: [driver],
    resolveVictims: async () => [{ name: action, containerId: container.getId() }],
    journal: new HealJournal(runId, mkdtempSync(join(tmpdir(), 'sc-confirm-'))),
    now: () => 0,
    record: (op) => ops.push(op),
  });
  const planned: PlannedFault = {
    key: `${action}#1`,
    spec: { id: action, action, target: { container: action }, at: 0, params },
    occurrence: 1,
    startMs: 0,
    endMs: 60_000,
  };
  await r.inject(planned);
  const completion = ops.find((o) => o.action === action && o.type !== 'invoke')!;
  await r.stop();
  await driver.teardown();
  return completion;
}

test.serial('every docker action completes ok once its effect is seen, on a real container', async (t) => {
  const cases: [FaultSpec['action'], FaultSpec['params']][] = [
    ['kill', {}],
    ['stop', { graceSeconds: 2 }],
    ['restart', { graceSeconds: 2 }],
    ['pause', {}],
    ['partition', {}],
    ['partition', { ports: [8080] }],
    ['loss', { lossPercent: 50 }],
    ['latency', { latencyMs: 250 }],
  ];
  for (const [action, params] of cases) {
    const done = await inject(victim, action, params);
    // A kernel without netem refuses the qdisc itself: that is the engine's refusal, not a confirmation.
    if (action === 'latency' && done.type === 'fail' && /no netem qdisc/.test(done.error ?? '')) continue;
    t.is(done.type, 'ok', `${action} ${JSON.stringify(params)}: ${done.error}`);
    const state = (await (await engine()).getContainer(victim.getId()).inspect()).State;
    // Healed by the runner's stop: each next action starts from a running, connected victim.
    t.true(state.Running && !state.Paused, `${action} healed`);
  }
});

test.serial('a restart whose server dies at boot fails, naming what was seen', async (t) => {
  const done = await inject(crasher, 'restart', { graceSeconds: 1 });
  t.is(done.type, 'fail');
  t.regex(
    done.error ?? '',
    /^effect not confirmed: restart started again and runs was not seen within 2000 ms; seen: restart started again at \S+ but is not running \(State.Status exited, exit code 3\)/,
  );
});

test.serial('each check fails with what it saw when the effect is absent', async (t) => {
  const docker = await engine();
  const container = docker.getContainer(victim.getId());
  const run = (argv: string[]) => nsenter(docker, victim.getId(), argv);
  const networkId = (await container.inspect()).NetworkSettings.Networks[network]!.NetworkID;
  const absent: [Promise<void>, RegExp][] = [
    [
      confirmNotRunning(container, 'victim', 200),
      /seen: victim still running \(State.Running true, pid \d+\)$/,
    ],
    [confirmPaused(container, 'victim', 200), /seen: victim not paused \(State.Status running\)$/],
    [
      confirmRestarted(container, 'victim', await startedAt(container), 200),
      /seen: victim not started again \(State.StartedAt still \S+, State.Status running\)$/,
    ],
    [
      confirmDisconnected(container, 'victim', new Map([[network, networkId]]), 200),
      new RegExp(`seen: victim still connected to ${network}$`),
    ],
    [
      confirmRules(run, 'victim', [['INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'DROP']], 200),
      /seen: no rule INPUT -p tcp --dport 8080 -j DROP in victim$/,
    ],
    [confirmDelay(run, 'victim', 250, 200), /seen: no netem delay at the root of eth0 in victim/],
  ];
  for (const [check, seen] of absent) {
    const error = await t.throwsAsync(check, { instanceOf: FaultError });
    t.regex(error!.message, /^effect not confirmed: /);
    t.regex(error!.message, seen);
    t.false((error as FaultError).unknown);
  }
});
