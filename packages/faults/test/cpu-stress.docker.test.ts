import test from 'ava';
import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import type { FaultSpec } from '@sessionchaos/core';
import { IMAGE_NODE_PATH, assembleImage, nodeImageSpec } from '@sessionchaos/lab';
import { newRunId, projectLabels, removeByRunId, requireDocker } from '@sessionchaos/testkit';
import { DockerDriver, HealJournal, healLeftovers, type UndoStep } from '../src/index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// cpu-stress on a real container that burns CPU: the cap is seen by the kernel (the driver's confirmation) and
// in the CPU the container actually gets, and the heal gives it back, from the driver and from a crash's journal.
// The machine is shared (its load can be many times its cores), so a spinning process is only sure to get well
// above the cap, not a whole CPU: the bounds are the cap's ceiling and the kernel's throttling count.

const runId = newRunId('cpu-stress');
let image: string;

test.before(async () => {
  await requireDocker();
  image = await assembleImage(nodeImageSpec());
});
test.after.always(async () => {
  await removeByRunId(runId);
});

/** A container whose one process spins: it takes every CPU share it is given. */
function burner(): Promise<StartedTestContainer> {
  return new GenericContainer(image)
    .withCommand([IMAGE_NODE_PATH, '-e', 'for (;;) {}'])
    .withLabels(projectLabels(runId))
    .start();
}

/** The CPUs the container used over `ms` (its cgroup's usage, from the engine's stats), and its throttled periods. */
async function cpuUsed(id: string, ms = 1_500): Promise<{ cpus: number; throttled: number }> {
  const container = (await requireDocker()).container.dockerode.getContainer(id);
  type Stats = {
    cpu_stats: { cpu_usage: { total_usage: number }; throttling_data: { throttled_periods: number } };
  };
  const sample = async (): Promise<Stats> => (await container.stats({ stream: false })) as unknown as Stats;
  const a = await sample();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const b = await sample();
  const elapsed = performance.now() - t0;
  return {
    cpus: (b.cpu_stats.cpu_usage.total_usage - a.cpu_stats.cpu_usage.total_usage) / 1e6 / elapsed,
    throttled: b.cpu_stats.throttling_data.throttled_periods - a.cpu_stats.throttling_data.throttled_periods,
  };
}

const spec = (cpus: number): FaultSpec => ({
  id: 'starve',
  action: 'cpu-stress',
  target: { label: 'x=y' },
  at: 0,
  duration: 5_000,
  params: { cpus },
});

test.serial(
  'cpu-stress caps a spinning container at the given CPUs, confirmed by the kernel; heal gives it back',
  async (t) => {
    t.timeout(90_000);
    const victim = await burner();
    const driver = new DockerDriver({ followStarts: false });
    await driver.setup();
    t.teardown(() => driver.teardown());
    const before = await cpuUsed(victim.getId());
    t.true(before.cpus > 0.15, `the burner gets ${before.cpus.toFixed(2)} CPU before the fault`);

    const journaled: UndoStep[] = [];
    const injection = await driver.inject({
      key: 'starve#1',
      spec: spec(0.05),
      victims: [{ name: 'burner', containerId: victim.getId() }],
      onUndo: (step) => void journaled.push(step),
    });
    // Confirmed by the kernel's own quota (this machine runs the engine), not only by the engine's word.
    t.regex(injection.detail ?? '', /burner capped at 0\.05 CPU \(kernel CFS quota 5000\/100000 µs\)/);
    t.deepEqual(journaled, injection.undo);
    const during = await cpuUsed(victim.getId());
    t.true(during.cpus < 0.07, `capped at 0.05, it got ${during.cpus.toFixed(2)} CPU`);
    t.true(during.throttled > 0, 'the kernel throttled it');

    for (const step of [...injection.undo].reverse())
      t.is(await driver.undo(step), "burner's CPU no longer capped");
    const after = await cpuUsed(victim.getId());
    t.true(after.cpus > 0.15, `healed, it gets ${after.cpus.toFixed(2)} CPU again`);
    t.is(after.throttled, 0);
    t.log(
      `CPU of a spinning container: ${before.cpus.toFixed(2)} before, ${during.cpus.toFixed(3)} capped ` +
        `(${during.throttled} periods throttled), ${after.cpus.toFixed(2)} healed`,
    );
    // Healing twice is fine (a heal after a crash may replay a step already applied).
    t.is(await driver.undo(injection.undo[0]!), "burner's CPU no longer capped");
  },
);

test.serial(
  "a container's own CPU limit is what the heal restores, also from a crashed run's journal",
  async (t) => {
    t.timeout(90_000);
    const victim = await burner();
    const container = (await requireDocker()).container.dockerode.getContainer(victim.getId());
    await container.update({ NanoCpus: 700_000_000 });
    const driver = new DockerDriver({ followStarts: false });
    await driver.setup();
    t.teardown(() => driver.teardown());
    const dir = mkdtempSync(join(tmpdir(), 'sessionchaos-cpu-stress-'));
    const journal = new HealJournal('crashed-cpu-stress', dir);
    await driver.inject({
      key: 'starve#1',
      spec: spec(0.2),
      victims: [{ name: 'burner', containerId: victim.getId() }],
      onUndo: (step) => journal.add('starve#1', driver.name, step),
    });
    t.is((await container.inspect()).HostConfig.NanoCpus, 200_000_000);
    // The run crashed here: `sessionchaos heal` replays the journal.
    const healed = await healLeftovers([driver], dir, { isLive: () => false });
    t.deepEqual(
      healed.map((h) => h.message),
      ["burner's CPU limit restored"],
    );
    t.is((await container.inspect()).HostConfig.NanoCpus, 700_000_000);
  },
);
