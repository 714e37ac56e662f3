import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { LabCluster, listLabContainers, removeLab, type ImageMode, type LabSpec } from '@sessionchaos/lab';
import { LAB_STRATEGY_NAMES } from '@sessionchaos/core';
import { EXIT } from '../exit-codes.ts';

const LAB_USAGE = `usage: sessionchaos lab up|down|status [options]

  lab up [--strategy ${LAB_STRATEGY_NAMES.join('|')}] [--nodes N]
         [--sticky none|cookie|source] [--balancer haproxy|nginx]
         [--replication all-to-all|primary-backup] [--async] [--lag MS]
         [--replication delta|backup] [--sync]   (tomcat: DeltaManager or BackupManager; async by default)
         [--redis single|sentinel] [--replicas N] [--revocation] [--images official|assembled|auto]
      starts a lab and leaves it running; prints its URL, run id and containers
  lab down --run ID|--all  removes the lab containers and networks (of one run, or of every lab)
  lab status [--run ID]  lists the lab containers
`;

const OPTIONS = {
  strategy: { type: 'string', default: 'memory' },
  nodes: { type: 'string', default: '3' },
  sticky: { type: 'string' },
  replication: { type: 'string' },
  async: { type: 'boolean' },
  sync: { type: 'boolean' },
  balancer: { type: 'string' },
  lag: { type: 'string' },
  redis: { type: 'string' },
  replicas: { type: 'string' },
  revocation: { type: 'boolean' },
  images: { type: 'string' },
  run: { type: 'string' },
  all: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** The lab spec the `lab up` flags describe (validated later by LabCluster, with every error at once). */
export function specFromFlags(values: Values): LabSpec {
  const spec: LabSpec = { strategy: values.strategy as LabSpec['strategy'], nodes: Number(values.nodes) };
  if (values.sticky) spec.sticky = values.sticky as LabSpec['sticky'] & string;
  if (values.balancer) spec.balancer = values.balancer as LabSpec['balancer'] & string;
  if (spec.strategy === 'tomcat') {
    // For Tomcat, --replication names the session manager and --sync its replication mode.
    spec.tomcat = {
      ...(values.replication ? { replication: values.replication as 'delta' } : {}),
      ...(values.sync ? { sync: true } : values.async ? { sync: false } : {}),
    };
  } else if (values.replication || values.async || values.lag) {
    spec.replication = {
      ...(values.replication ? { mode: values.replication as 'all-to-all' } : {}),
      ...(values.async ? { sync: false } : {}),
      ...(values.lag ? { lagMs: Number(values.lag) } : {}),
    };
  }
  if (values.redis || values.replicas) {
    spec.redis = {
      ...(values.redis ? { topology: values.redis as 'single' } : {}),
      ...(values.replicas ? { replicas: Number(values.replicas) } : {}),
    };
  }
  if (values.revocation) spec.jwt = { revocation: true };
  if (values.images) spec.images = values.images as ImageMode;
  return spec;
}

/** `sessionchaos lab up|down|status`: resolves with the exit code. */
export async function labCommand(argv: string[], out: Writable, err: Writable): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    err.write(`sessionchaos lab: ${(error as Error).message}\n${LAB_USAGE}`);
    return EXIT.usage;
  }
  const [action] = parsed.positionals;
  if (parsed.values.help) {
    out.write(LAB_USAGE);
    return EXIT.pass;
  }
  if (action !== 'up' && action !== 'down' && action !== 'status') {
    err.write(
      `sessionchaos lab: unknown action ${JSON.stringify(action ?? '')}. Valid actions: up, down, status.\n${LAB_USAGE}`,
    );
    return EXIT.usage;
  }
  let cluster: LabCluster | undefined;
  if (action === 'up') {
    try {
      cluster = new LabCluster(specFromFlags(parsed.values), { logger: (line) => err.write(`  ${line}\n`) });
    } catch (error) {
      err.write(`sessionchaos lab up: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
  }
  try {
    if (cluster) {
      const lab = await cluster.start();
      out.write(`lab ${lab.runId} (${lab.spec.strategy}) is up: ${lab.url}\n`);
      for (const node of lab.nodes)
        out.write(`  ${node.name}  ${node.url}  ${node.containerId.slice(0, 12)}\n`);
      for (const c of lab.containers().filter((c) => c.role !== 'app')) {
        out.write(`  ${c.name}  (${c.role})  ${c.id.slice(0, 12)}\n`);
      }
      out.write(`stop it with: sessionchaos lab down --run ${lab.runId}\n`);
    } else if (action === 'down') {
      if (!parsed.values.run && !parsed.values.all) {
        // Removing every lab would also end labs that other runs are using right now: ask for it.
        const runs = [...new Set((await listLabContainers()).map((c) => c.runId))];
        err.write(
          `sessionchaos lab down: say which lab: --run ID, or --all. ` +
            `Running labs: ${runs.length > 0 ? runs.join(', ') : 'none'}.\n`,
        );
        return EXIT.usage;
      }
      const removed = await removeLab(parsed.values.run);
      out.write(
        `removed ${removed} lab container(s)${parsed.values.run ? ` of ${parsed.values.run}` : ''}\n`,
      );
    } else {
      const containers = await listLabContainers(parsed.values.run);
      if (containers.length === 0) out.write('no lab is running\n');
      for (const c of containers.sort((a, b) => `${a.runId}${a.name}`.localeCompare(`${b.runId}${b.name}`))) {
        out.write(`${c.runId}  ${c.name}  ${c.role}  ${c.state}  ${c.ports.join(' ')}\n`);
      }
    }
    return EXIT.pass;
  } catch (error) {
    err.write(`sessionchaos lab ${action}: ${(error as Error).message}\n`);
    return /no Docker engine answered/.test((error as Error).message) ? EXIT.environment : EXIT.fail;
  }
}
