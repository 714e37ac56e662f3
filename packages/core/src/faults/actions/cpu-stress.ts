import { faultAction } from './fault-action.ts';

/** `cpu-stress`'s params. */
export interface CpuStressParams {
  /** The CPUs left to the container while it holds (0.1 is a tenth of one CPU). */
  cpus?: number;
}

/** The kernel's smallest CFS quota is 1 ms a 100 ms period: a hundredth of a CPU. */
const MIN_CPUS = 0.01;

/**
 * `cpu-stress`: starve the container of CPU. The engine caps its cgroup's CPU quota at `cpus` (`docker update
 * --cpus`) until healed, when its old quota is restored: the node answers slowly, its health checks and session
 * writes lag, as on an overloaded host, without burning the machine's own CPU (which the load generator needs).
 */
export const cpuStress = faultAction<CpuStressParams>()({
  name: 'cpu-stress',
  summary:
    "starves the container of CPU: its cgroup's CPU quota is capped at `cpus` (`docker update --cpus`) until healed, when the old quota is restored.",
  lasting: true,
  params: {
    cpus: {
      type: 'number',
      description:
        '`cpu-stress`: the CPUs left to the container while it holds (required; 0.1 is a tenth of one CPU).',
      example: 0.1,
      schema: { type: 'number', minimum: MIN_CPUS, maximum: 1024 },
    },
  },
  check({ params: p, err }) {
    if (!(typeof p.cpus === 'number' && p.cpus >= MIN_CPUS && p.cpus <= 1024))
      err('params.cpus', `cpu-stress needs params.cpus, the CPUs left to it, from ${MIN_CPUS} (e.g. 0.1)`);
  },
  nodeState: 'degraded',
  keys: [
    {
      key: 'c',
      command: 'starve-node',
      description: 'starve an app node of CPU (a tenth of one)',
      target: { role: 'app' },
      select: 'one',
      params: { cpus: 0.1 },
    },
  ],
});
