import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import test from 'ava';
import { endsSession, isVuOp, type VuOp } from '@sessionchaos/core';
import { DockerDriver, findContainers, type UndoStep } from '@sessionchaos/faults';
import { requireDocker } from '@sessionchaos/testkit';
import { startCli, STACK_TRACE } from './helpers/cli-process.ts';
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

/**
 * Live sessions per node just before `beforeMs`, as the run's own tracker counts them: a user's
 * session is on the node of its last authenticated answer until it logs out or is refused.
 */
function liveSessionsBefore(history: string, beforeMs: number): Map<string, number> {
  const nodeOf = new Map<number, string>();
  for (const line of history.split('\n')) {
    if (!line) continue;
    const op = JSON.parse(line) as VuOp;
    if (!isVuOp(op) || op.type === 'invoke' || op.time >= beforeMs) continue;
    if (endsSession(op) || op.status === 401 || op.status === 403 || op.identity === null)
      nodeOf.delete(op.process);
    else if (
      op.node &&
      op.status !== undefined &&
      op.status < 300 &&
      ['login', 'whoami', 'write', 'read'].includes(op.step)
    )
      nodeOf.set(op.process, op.node);
  }
  const counts = new Map<string, number>();
  for (const node of nodeOf.values()) counts.set(node, (counts.get(node) ?? 0) + 1);
  return counts;
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
    const live = liveSessionsBefore(await readFile(join(out, 'history.ndjson'), 'utf8'), kill.startedAtMs);
    const killedHost = (
      await exec('docker', [
        'inspect',
        '-f',
        '{{.Config.Hostname}}',
        `${p.project}_${kill.victims[0]!.replace('-', '_')}`,
      ])
    ).stdout.trim();
    t.true(live.size === 3, JSON.stringify([...live]));
    t.is(live.get(killedHost), Math.max(...live.values()), JSON.stringify([...live, killedHost]));
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

/** Whether a container of the project opens a TCP connection to `host:port` within 1.5 s (node in the replica). */
async function reaches(container: string, [host, port]: readonly [string, number]): Promise<boolean> {
  const probe =
    `const s=require('net').connect(${port},'${host}');s.setTimeout(1500);` +
    "s.on('connect',()=>process.exit(0));s.on('timeout',()=>process.exit(1));s.on('error',()=>process.exit(1))";
  return exec('docker', ['exec', container, 'node', '-e', probe]).then(
    () => true,
    () => false,
  );
}

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
