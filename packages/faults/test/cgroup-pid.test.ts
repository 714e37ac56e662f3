import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mainPidOf } from '../src/cgroup-pid.ts';

const ID = 'c'.repeat(64);

/** A cgroup tree of our own under a temporary root, with `pids` in the container's cgroup.procs. */
function cgroupRoot(pids: number[], layout = `pids/docker/${ID}`): string {
  const root = mkdtempSync(join(tmpdir(), 'sc-cgroup-'));
  mkdirSync(join(root, layout), { recursive: true });
  writeFileSync(join(root, layout, 'cgroup.procs'), pids.map((p) => `${p}\n`).join(''));
  return root;
}

/** A shell (the "main process") with a child of its own, as a container's init and a worker. */
async function family(t: {
  teardown: (f: () => void) => void;
}): Promise<{ main: ChildProcess; child: number }> {
  // The shell becomes a `sleep` that never reaps its child: a child killed stays a zombie.
  const main = spawn('sh', ['-c', 'sleep 30 & echo $!; exec sleep 60'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  t.teardown(() => {
    main.kill('SIGKILL');
  });
  const child = await new Promise<number>((resolve) =>
    main.stdout!.once('data', (d: Buffer) => resolve(Number(d))),
  );
  t.teardown(() => {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // Already gone.
    }
  });
  return { main, child };
}

test('the main process is the one of the cgroup whose parent is outside it, in any listed layout', async (t) => {
  const { main, child } = await family(t);
  t.is(mainPidOf(ID, cgroupRoot([child, main.pid!])), main.pid);
  t.is(mainPidOf(ID, cgroupRoot([main.pid!, child], `system.slice/docker-${ID}.scope`)), main.pid);
});

test('no pid when it cannot be told: two roots (an exec beside it), another pid namespace, no cgroup, a bad id', async (t) => {
  const { main, child } = await family(t);
  const beside = await family(t);
  // Another process whose parent is outside the cgroup too: which one is the container's is unknown.
  t.is(mainPidOf(ID, cgroupRoot([main.pid!, child, beside.main.pid!])), undefined);
  t.is(mainPidOf(ID, cgroupRoot([0, 0])), undefined, 'pids of another namespace read as 0');
  t.is(mainPidOf(ID, cgroupRoot([])), undefined, 'no process yet');
  t.is(mainPidOf('d'.repeat(64), cgroupRoot([main.pid!])), undefined, 'not this container');
  t.is(mainPidOf('../../etc', cgroupRoot([main.pid!])), undefined, 'not a container id');
});

test('a dead process not reaped yet (a zombie) is never the main process: a signal to it does nothing', async (t) => {
  const { main, child } = await family(t);
  process.kill(child, 'SIGKILL');
  const deadline = Date.now() + 5_000;
  const state = (): string => readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1]!.split(' ')[0]!;
  while (state() !== 'Z' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  t.is(state(), 'Z');
  // The shell (its parent) is outside this cgroup: the zombie alone would be its root.
  t.is(mainPidOf(ID, cgroupRoot([child])), undefined);
  t.is(mainPidOf(ID, cgroupRoot([main.pid!])), main.pid, 'the live one still is');
});
