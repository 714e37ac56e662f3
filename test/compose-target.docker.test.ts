import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import test from 'ava';
import { DockerDriver, findContainers, type UndoStep } from '@sessionchaos/faults';
import { requireDocker } from '@sessionchaos/testkit';
import { startCli, STACK_TRACE } from './helpers/cli-process.ts';
import { reaches, wasBusiest } from './helpers/compose-probes.ts';
import { startComposeProject, type ComposeProject } from './helpers/compose-project.ts';
import { cli, readSummary } from './helpers/run-cli.ts';

// A real Compose project (Debian's docker-compose 1.29, the lab's images): three replicas of web
// behind a balancer, and a Redis. Faults reach them through `target: {compose: {project, service}}`
// only: the scenario names no container. Only this project's containers are touched, and it is
// taken down by its unique name at the end.

const exec = promisify(execFile);
const fixture = fileURLToPath(new URL('fixtures/compose/compose-shop.yaml', import.meta.url));
let shop: ComposeProject | undefined;
let dir = '';

test.before(async () => {
  await requireDocker();
  dir = await mkdtemp(join(tmpdir(), 'sc-compose-test-'));
  shop = await startComposeProject();
});

test.after.always(async () => {
  await shop?.down();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The fixture scenario aimed at this test's project, with `edit` applied to its text. */
async function scenarioFor(project: string, edit: (text: string) => string = (s) => s): Promise<string> {
  const text = (await readFile(fixture, 'utf8')).replaceAll('project: shop', `project: ${project}`);
  const file = join(dir, `${project}-${Math.random().toString(16).slice(2, 8)}.yaml`);
  await writeFile(file, edit(text));
  return file;
}

const allRunning = (states: Map<string, string>): boolean =>
  states.size > 0 && [...states.values()].every((s) => s === 'running');

test.serial(
  'the busiest web replica killed and redis paused through the Compose target: verdict pass, both faults confirmed and healed',
  async (t) => {
    const p = shop!;
    const scenario = await scenarioFor(p.project);
    const out = join(dir, 'run');
    const r = await cli(
      'run',
      scenario,
      '--target',
      p.url,
      '--allow-external',
      '--no-dashboard',
      '--seed',
      '7',
      '--out',
      out,
    );
    const summary = await readSummary(out);
    t.is(r.code, 0, `${r.err}\n${JSON.stringify(summary.gates, null, 1)}`);
    t.is(summary.verdict, 'pass');
    t.true(summary.expect?.met, 'the scenario documents verdict pass');
    t.deepEqual(
      { planned: summary.coverage.faults.planned, effective: summary.coverage.faults.effective },
      { planned: 2, effective: 2 },
      JSON.stringify(summary.coverage.faults.failures),
    );
    const kill = summary.faults.find((f) => f.id === 'kill-busiest#1')!;
    const pause = summary.faults.find((f) => f.id === 'pause-redis#1')!;
    t.regex(kill.victims.join(','), /^web-[123]$/);
    t.is(kill.target, `compose ${p.project}/web`);
    t.deepEqual(pause.victims, ['redis-1']);
    t.true(kill.healed && pause.healed);
    // Busiest by the run's own traffic: the killed replica (by its hostname, its node header) served
    // the most live sessions when the kill was decided, counted from the history as the run counts them.
    const killedHost = (
      await exec('docker', [
        'inspect',
        '-f',
        '{{.Config.Hostname}}',
        `${p.project}_${kill.victims[0]!.replace('-', '_')}`,
      ])
    ).stdout.trim();
    const history = await readFile(join(out, 'history.ndjson'), 'utf8');
    const [busiest, counts] = wasBusiest(history, killedHost, kill.startedAtMs - 1500, kill.startedAtMs);
    t.true(busiest, `${killedHost} was not the busiest: ${counts}`);
    t.true(allRunning(await p.states('web')), 'the killed replica was started again');
    t.deepEqual([...(await p.states('redis')).values()], ['running']);
    t.notRegex(r.err, STACK_TRACE);
  },
);

test.serial(
  'heal after a SIGKILL of the run mid-fault starts the killed replica and unpauses redis',
  async (t) => {
    const p = shop!;
    const scenario = await scenarioFor(p.project, (s) =>
      s
        .replace(
          'load: { users: 20, duration: 24s, think: 200ms }',
          'load: { users: 5, duration: 90s, think: 200ms }',
        )
        .replace(/at: 6s\n {4}duration: 5s/, 'at: 2s\n    duration: 80s')
        .replace(/at: 14s\n {4}duration: 3s/, 'at: 3s\n    duration: 80s'),
    );
    const state = join(dir, 'state');
    const env = { SESSIONCHAOS_STATE_DIR: state };
    const run = startCli(
      [
        'run',
        scenario,
        '--target',
        p.url,
        '--allow-external',
        '--no-dashboard',
        '--out',
        join(dir, 'killed'),
      ],
      env,
      120_000,
    );
    await run.waitFor(/fault pause-redis#1: pause/, 60_000);
    run.child.kill('SIGKILL');
    await run.exited;
    const web = await p.states('web');
    t.deepEqual(
      [...web.values()].sort(),
      ['exited', 'running', 'running'],
      `one replica killed, left down by the dead run\n${run.err}`,
    );
    t.deepEqual([...(await p.states('redis')).values()], ['paused'], 'redis left frozen by the dead run');

    const heal = await cli('heal', '--journal', state);
    t.is(heal.code, 0, `${heal.out}\n${heal.err}`);
    t.regex(heal.out, /^healed run-[0-9a-f]+ kill-busiest#1: /m);
    t.regex(heal.out, /^healed run-[0-9a-f]+ pause-redis#1: /m);
    t.true(allRunning(await p.states('web')), JSON.stringify([...(await p.states('web'))]));
    t.deepEqual([...(await p.states('redis')).values()], ['running']);
    // The project serves again: every replica answers behind the balancer.
    const again = await cli('heal', '--journal', state);
    t.regex(again.out, /nothing to heal/);
  },
);

test.serial(
  'a partition of a Compose replica from its peers or from a named service cuts only those, confirmed, and heals',
  async (t) => {
    const p = shop!;
    const web = (n: number): string => `${p.project}_web_${n}`;
    const target = { compose: { project: p.project, service: 'web' } };
    const [first] = (await findContainers(target)).filter((v) => v.name === 'web-1');
    t.truthy(first, 'web-1 is found by the Compose labels');
    const driver = new DockerDriver();
    await driver.setup();
    t.teardown(() => driver.teardown());
    for (const [from, cut, kept] of [
      ['redis', ['redis', 6379], [web(2), 3000]],
      ['peers', [web(2), 3000], ['redis', 6379]],
    ] as const) {
      t.true(await reaches(web(1), cut), `before: web-1 reaches ${cut[0]}`);
      const undo: UndoStep[] = [];
      const injection = await driver.inject({
        key: `partition-${from}#1`,
        spec: { id: `partition-${from}`, action: 'partition', target, at: 0, params: { from } },
        victims: [first!],
        onUndo: (step) => void undo.push(step),
      });
      t.regex(
        injection.detail ?? '',
        from === 'peers' ? /web-1 cut from the other replicas of web/ : /web-1 cut from service redis/,
      );
      t.false(await reaches(web(1), cut), `web-1 cut from ${from}`);
      t.true(await reaches(web(1), kept), `web-1 still reaches ${kept[0]}: only ${from} is cut`);
      t.true(undo.length > 0 && undo.every((u) => u.kind === 'nsenter'), 'every rule is journaled');
      for (const step of undo.reverse()) await driver.undo(step);
      t.true(await reaches(web(1), cut), `healed: web-1 reaches ${cut[0]} again`);
    }
    const none = driver.inject({
      key: 'partition-nothing#1',
      spec: { id: 'partition-nothing', action: 'partition', target, at: 0, params: { from: 'db' } },
      victims: [first!],
      onUndo: () => undefined,
    });
    const error = await t.throwsAsync(none);
    t.regex(error?.message ?? '', /could not partition .*web_1 from service db .*no running container/);
  },
);

test.serial(
  'init notices that the nodes are replicas of a Compose service and writes the fault',
  async (t) => {
    const p = shop!;
    const file = join(dir, 'init.yaml');
    const r = await cli('init', '--url', p.url, '--out', file);
    t.is(r.code, 0, `${r.out}\n${r.err}`);
    t.regex(r.out, new RegExp(`note: the nodes are service web of the Compose project ${p.project}`));
    const text = await readFile(file, 'utf8');
    t.regex(text, /replicas of service web .* \(the node header names 3 of its containers\)/s);
    t.true(
      text.includes(
        `  - { id: kill-busiest, action: kill, target: { compose: { project: ${p.project}, service: web } }, select: busiest, at: 10s, duration: 10s }`,
      ),
      text,
    );
    t.true(
      text.includes(
        `#  - { id: pause-redis, action: pause, target: { compose: { project: ${p.project}, service: redis } }`,
      ),
    );
    const valid = await cli('validate', file, '--allow-external');
    t.is(valid.code, 0, valid.err);
  },
);

test.serial(
  'stop, restart, loss and latency act on a Compose replica picked by its number, each confirmed and healed',
  async (t) => {
    const p = shop!;
    const target = { compose: { project: p.project, service: 'web' } };
    const victims = await findContainers(target);
    t.deepEqual(
      victims.map((v) => v.name),
      ['web-1', 'web-2', 'web-3'],
      'replicas named by their number',
    );
    // select: {name: web-2} picks the replica of index 2.
    const second = victims.find((v) => v.name === 'web-2')!;
    const driver = new DockerDriver();
    await driver.setup();
    t.teardown(() => driver.teardown());
    const fault = async (
      action: 'stop' | 'restart' | 'loss' | 'latency',
      params: Record<string, number> = {},
    ): Promise<{ detail: string; undo: UndoStep[] } | Error> =>
      driver
        .inject({
          key: `${action}#1`,
          spec: { id: action, action, target, at: 0, params },
          victims: [second],
          onUndo: () => undefined,
        })
        .then(
          (i) => ({ detail: i.detail ?? '', undo: i.undo }),
          (e: unknown) => e as Error,
        );
    const heal = async (undo: UndoStep[]): Promise<void> => {
      for (const step of [...undo].reverse()) await driver.undo(step);
    };
    const stopped = await fault('stop', { graceSeconds: 1 });
    if (stopped instanceof Error) return t.fail(stopped.message);
    t.is((await p.states('web')).get(`${p.project}_web_2`), 'exited');
    await heal(stopped.undo);
    t.true(allRunning(await p.states('web')), 'stop healed by a start');
    const restarted = await fault('restart', { graceSeconds: 1 });
    if (restarted instanceof Error) return t.fail(restarted.message);
    t.regex(restarted.detail, /web-2 restarted/);
    const lossy = await fault('loss', { lossPercent: 100 });
    if (lossy instanceof Error) return t.fail(lossy.message);
    t.false(await reaches(`${p.project}_web_1`, [`${p.project}_web_2`, 3000]), 'every packet dropped');
    await heal(lossy.undo);
    t.true(await reaches(`${p.project}_web_1`, [`${p.project}_web_2`, 3000]), 'loss healed');
    const slow = await fault('latency', { latencyMs: 200 });
    if (slow instanceof Error) t.regex(slow.message, /no netem qdisc/, 'a kernel without netem says so');
    else {
      t.regex(slow.detail, /web-2 delays its packets by 200ms/);
      await heal(slow.undo);
    }
    t.true(allRunning(await p.states('web')));
  },
);
