import { readFileSync } from 'node:fs';

/**
 * Where the engine puts a container's processes, under the cgroup mount, by cgroup layout: v1 and
 * v2 with the cgroupfs driver, then the systemd driver's scopes. `ID` is the full container id.
 */
const LAYOUTS = [
  'pids/docker/ID',
  'docker/ID',
  'unified/docker/ID',
  'pids/system.slice/docker-ID.scope',
  'system.slice/docker-ID.scope',
  'unified/system.slice/docker-ID.scope',
];

/**
 * The parent pid of `pid` (field 4 of /proc/<pid>/stat), or `undefined` when it is gone or dead
 * (a zombie not reaped yet takes a signal without effect: it must never be armed).
 */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
    const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return state === 'Z' || state === 'X' ? undefined : Number(parent);
  } catch {
    return undefined;
  }
}

/**
 * The host pid of a container's main process, read from its cgroup on this machine with no engine
 * call: when the engine says a container started, an `inspect` on a busy engine takes seconds, and
 * a kill planned sooner than that could not be armed ahead. The main process is the one process of
 * the cgroup whose parent (the engine's shim) is outside it. `undefined` when that cannot be told
 * here (another cgroup layout or pid namespace, no process yet, or an `exec` beside it): the caller
 * asks the engine instead.
 */
export function mainPidOf(containerId: string, cgroupRoot = '/sys/fs/cgroup'): number | undefined {
  if (!/^[0-9a-f]{64}$/.test(containerId)) return undefined;
  for (const layout of LAYOUTS) {
    let text: string;
    try {
      text = readFileSync(`${cgroupRoot}/${layout.replace('ID', containerId)}/cgroup.procs`, 'utf8');
    } catch {
      continue;
    }
    // A pid of another pid namespace reads as 0: not one this process can signal.
    const pids = new Set(text.split('\n').filter(Boolean).map(Number));
    if (pids.has(0)) return undefined;
    const roots = [...pids].filter((pid) => {
      const parent = parentOf(pid);
      return parent !== undefined && !pids.has(parent);
    });
    return roots.length === 1 ? roots[0] : undefined;
  }
  return undefined;
}
