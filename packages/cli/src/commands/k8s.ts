import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { formatScenarioError, parseDuration } from '@sessionchaos/core';
import { stringify } from 'yaml';
import { EXIT } from '../exit-codes.ts';
import { k8sManifests } from '../k8s/manifests.ts';
import { loadScenario } from '../scenario-file.ts';

const USAGE = `usage: sessionchaos k8s <scenario> --shards N [--image IMG] [--namespace NS] [--lead D] [--storage-class SC]

Prints the Kubernetes manifests that run the scenario as N shards on an existing cluster: apply them with
kubectl apply -f -. The shards start together --lead after now (default 2m: apply before then); the merge
Job's exit code is the gate's; its log carries the verdict and report.md (kubectl logs job/<name>-merge),
every report stays in the results volume under merged/.
  --image IMG          the sessionchaos image (default sessionchaos/sessionchaos:latest; see Dockerfile)
  --namespace NS       default "default"
  --storage-class SC   a ReadWriteMany storage class for the shared results volume
`;

/** `sessionchaos k8s <scenario> --shards N`: the manifests, on stdout. */
export async function k8sCommand(argv: string[], out: Writable, err: Writable): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        shards: { type: 'string' },
        image: { type: 'string', default: 'sessionchaos/sessionchaos:latest' },
        namespace: { type: 'string', default: 'default' },
        lead: { type: 'string', default: '2m' },
        'storage-class': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    err.write(`sessionchaos k8s: ${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  const v = parsed.values;
  if (v.help) {
    out.write(USAGE);
    return EXIT.pass;
  }
  const problems: string[] = [];
  const [file] = parsed.positionals;
  if (file === undefined || parsed.positionals.length > 1) problems.push('name one scenario file');
  const shards = Number(v.shards);
  if (!Number.isInteger(shards) || shards < 1 || shards > 1000)
    problems.push(`--shards must be a whole number from 1 to 1000 (got ${v.shards ?? 'none'})`);
  const lead = parseDuration(v.lead);
  if (typeof lead !== 'number' || lead < 10_000)
    problems.push(`--lead "${v.lead}" must be a duration of at least 10s (e.g. 2m)`);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v.namespace))
    problems.push(`--namespace "${v.namespace}" is not a namespace name`);
  if (problems.length > 0) {
    for (const p of problems) err.write(`sessionchaos k8s: ${p}\n`);
    err.write(USAGE);
    return EXIT.usage;
  }
  const r = await loadScenario(file!, {}, { exec: true, external: true });
  if (!r.ok) {
    for (const e of r.errors) err.write(`${formatScenarioError(e)}\n`);
    return EXIT.usage;
  }
  const s = r.loaded.scenario;
  if (s.target.kind !== 'url') {
    err.write(
      'sessionchaos k8s: the scenario targets the lab, which runs on one machine with Docker; on Kubernetes, target your cluster by URL (target.url)\n',
    );
    return EXIT.usage;
  }
  if (s.faults.some((f) => f.action !== 'exec')) {
    err.write(
      'sessionchaos k8s: on Kubernetes, faults are exec hooks (kubectl ...) run by the first shard; this scenario has container faults that need a local Docker engine\n',
    );
    return EXIT.usage;
  }
  const runMs = s.load.durationMs ?? 3_600_000;
  const startAt = new Date(Date.now() + (lead as number)).toISOString();
  const manifests = k8sManifests({
    name: s.name,
    scenarioText: readFileSync(file!, 'utf8'),
    shards,
    image: v.image,
    namespace: v.namespace,
    startAt,
    seed: s.seed ?? randomInt(0, 2 ** 31),
    // The run, the request timeout and a minute to write the reports, after the start instant.
    waitSeconds: Math.ceil((runMs + 70_000) / 1000),
    execFaults: s.faults.length > 0,
    ...(v['storage-class'] !== undefined ? { storageClass: v['storage-class'] } : {}),
  });
  out.write(manifests.map((m) => stringify(m, { lineWidth: 0 })).join('---\n'));
  const merge = `job/${manifests.find((m) => m.metadata.name.endsWith('-merge'))!.metadata.name}`;
  err.write(
    `${manifests.length} manifests for ${shards} shards starting at ${startAt}: apply them before then ` +
      `(sessionchaos k8s ... | kubectl apply -f -); then kubectl -n ${v.namespace} wait --for=condition=complete ${merge} ` +
      `and kubectl -n ${v.namespace} logs ${merge} > report.md (the verdict and report.md; every report stays in the ` +
      'results volume under merged/).\n',
  );
  return EXIT.pass;
}
