import test from 'ava';
import { spawn } from 'node:child_process';
import type { ContainerInspectInfo } from 'dockerode';
import { ContainerProcesses } from '../src/container-process.ts';

/** An inspect answer for a running container, as much of it as the pid checks read. */
function inspectOf(id: string, pid: number, restart = ''): ContainerInspectInfo {
  return {
    Id: id,
    State: { Running: true, Paused: false, Pid: pid },
    HostConfig: { RestartPolicy: { Name: restart } },
    Config: {},
  } as unknown as ContainerInspectInfo;
}

test('a pid whose cgroup does not name the container is never signalled (another namespace, a reused pid)', async (t) => {
  // A real process of ours, posing as the container "abc...": its cgroup is not the container's.
  const child = spawn('sleep', ['30']);
  t.teardown(() => child.kill('SIGKILL'));
  const processes = new ContainerProcesses();
  processes.learn(inspectOf('a'.repeat(64), child.pid!));
  const result = processes.signal('a'.repeat(64), 'SIGKILL');
  t.false(result.sent);
  t.regex(result.sent ? '' : result.reason, /not in its cgroup/);
  t.is(child.exitCode, null);
  t.is(child.signalCode, null, 'still alive');
});

test('a container with a restart policy is left to the engine, which says why', (t) => {
  const processes = new ContainerProcesses();
  processes.learn(inspectOf('b'.repeat(64), process.pid, 'always'));
  const result = processes.signal('b'.repeat(64), 'SIGKILL');
  t.deepEqual(result, {
    sent: false,
    reason: 'its restart policy (always) would bring it back at once after a direct kill',
  });
});

test('a container never learned, or not running, goes through the engine', (t) => {
  const processes = new ContainerProcesses();
  t.deepEqual(processes.signal('c', 'stop'), { sent: false, reason: 'its pid was not learned before' });
  processes.learn({ ...inspectOf('d', 0), State: { Running: false, Paused: false, Pid: 0 } } as never);
  t.deepEqual(processes.signal('d', 'SIGKILL'), { sent: false, reason: 'it is not running' });
});
