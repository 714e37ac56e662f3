import { readFile } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { confirmEffect } from '../confirm-effect.ts';
import { FaultError } from '../fault-driver.ts';
import type { EngineFaultAction } from './engine-action.ts';

/** The CFS period the quota is set against when the container has none of its own (the kernel's default). */
const PERIOD_US = 100_000;

/** A container's CPU limit as the engine holds it: `--cpus` (NanoCpus) or a CFS quota and period. */
interface CpuLimit {
  nanoCpus: number;
  cpuQuota: number;
  cpuPeriod: number;
}

function limitOf(info: Dockerode.ContainerInspectInfo): CpuLimit {
  const h = info.HostConfig as { NanoCpus?: number; CpuQuota?: number; CpuPeriod?: number };
  return { nanoCpus: h.NanoCpus ?? 0, cpuQuota: h.CpuQuota ?? 0, cpuPeriod: h.CpuPeriod ?? 0 };
}

/**
 * The update that caps the container at `cpus`: NanoCpus when it was limited that way (the engine refuses both
 * kinds at once), else a CFS quota against its period.
 */
function capOf(old: CpuLimit, cpus: number): Record<string, number> {
  if (old.nanoCpus > 0) return { NanoCpus: Math.round(cpus * 1e9) };
  const period = old.cpuPeriod > 0 ? old.cpuPeriod : PERIOD_US;
  return { CpuQuota: Math.round(cpus * period), CpuPeriod: period };
}

/** The kernel's CFS quota and period of a process's cgroup (v1 `cpu.cfs_quota_us`, v2 `cpu.max`), in µs. */
async function kernelQuota(pid: number): Promise<{ quota: number; period: number }> {
  const lines = (await readFile(`/proc/${pid}/cgroup`, 'utf8')).trim().split('\n');
  const v1 = lines
    .map((l) => l.split(':'))
    .find(([, controllers]) => controllers?.split(',').includes('cpu'));
  if (v1) {
    const dir = `/sys/fs/cgroup/${v1[1]}${v1[2]}`;
    const [quota, period] = await Promise.all(
      ['cpu.cfs_quota_us', 'cpu.cfs_period_us'].map(async (f) =>
        Number(await readFile(`${dir}/${f}`, 'utf8')),
      ),
    );
    return { quota: quota!, period: period! };
  }
  const path = lines.find((l) => l.startsWith('0::'))?.slice(3) ?? '/';
  const [quota, period] = (await readFile(`/sys/fs/cgroup${path}/cpu.max`, 'utf8')).trim().split(' ');
  return { quota: quota === 'max' ? -1 : Number(quota), period: Number(period) };
}

/**
 * `cpu-stress`: the engine caps the container's CPU quota at `params.cpus` (`docker update --cpus`), its old limit
 * journaled first. Confirmed by the kernel: the quota of the container's cgroup, read on this machine, is the cap
 * (when the engine is another machine's, by the engine's inspect). Healed by restoring the old limit (no limit:
 * quota -1, which the kernel reads as none).
 */
export const cpuStress: EngineFaultAction = {
  name: 'cpu-stress',
  undo: ['action'],
  async apply({ container, containerId, name, params, journal }) {
    const cpus = params.cpus ?? 0;
    if (!(cpus > 0)) throw new FaultError(`cpu-stress of ${name} needs params.cpus above 0`);
    const old = limitOf(await container.inspect());
    await journal({ kind: 'action', action: 'cpu-stress', containerId, name, data: { ...old } });
    const cap = capOf(old, cpus);
    await container.update(cap);
    const want = cap['CpuQuota'] ?? cpus * PERIOD_US;
    let seen = '';
    await confirmEffect(`${name} is capped at ${cpus} CPU`, async () => {
      const info = await container.inspect();
      const limit = limitOf(info);
      const engineSays =
        cap['NanoCpus'] !== undefined ? limit.nanoCpus === cap['NanoCpus'] : limit.cpuQuota === want;
      if (!engineSays) return `${name}'s limit is ${JSON.stringify(limit)}`;
      const local = !process.env['DOCKER_HOST'] || process.env['DOCKER_HOST'].startsWith('unix://');
      if (!local || !info.State.Pid) {
        seen = 'as the engine says';
        return undefined;
      }
      const k = await kernelQuota(info.State.Pid);
      seen = `kernel CFS quota ${k.quota}/${k.period} µs`;
      return Math.abs(k.quota / k.period - cpus) < 0.005 ? undefined : `${name}'s ${seen}`;
    });
    return { detail: `${name} capped at ${cpus} CPU (${seen})` };
  },
  async heal(engine, step) {
    const old = step.data as unknown as CpuLimit;
    const container = engine.getContainer(step.containerId);
    // A quota of 0 is "unchanged" to the engine's update: -1 is the kernel's "no limit".
    const restore =
      old.nanoCpus > 0
        ? { NanoCpus: old.nanoCpus }
        : {
            CpuQuota: old.cpuQuota > 0 ? old.cpuQuota : -1,
            CpuPeriod: old.cpuPeriod > 0 ? old.cpuPeriod : PERIOD_US,
          };
    await container.update(restore);
    return old.nanoCpus > 0 || old.cpuQuota > 0
      ? `${step.name}'s CPU limit restored`
      : `${step.name}'s CPU no longer capped`;
  },
};
