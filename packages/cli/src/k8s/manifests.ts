/** What the Kubernetes manifests of a sharded run are made from. */
export interface K8sPlan {
  /** The scenario's name: every resource is named `sessionchaos-<name>-...`. */
  name: string;
  /** The scenario file's text, shipped in a ConfigMap. */
  scenarioText: string;
  shards: number;
  image: string;
  namespace: string;
  /** The one seed every shard uses. */
  seed: number;
  /** The instant every shard starts its traffic (ISO). */
  startAt: string;
  /** How long after `startAt` the merge waits for every shard before judging what it has (s). */
  waitSeconds: number;
  /** The scenario runs exec fault hooks (`kubectl ...`): the fault shard gets a ServiceAccount for them. */
  execFaults: boolean;
  /** Storage class of the shared results volume (ReadWriteMany); absent: the cluster's default. */
  storageClass?: string;
}

/** A Kubernetes object, as plain JSON. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
} & Record<string, unknown>;

/**
 * The fault shard's rights, in its namespace only: exactly what the README's kubectl recipe runs. Pods: `get` and
 * `list` (`kubectl get pod -l ... -o jsonpath`, the confirm command's `kubectl get pod NAME --ignore-not-found`),
 * `delete` (`kubectl delete pod NAME`). Deployments: `get`, `list`, `watch` (the heal's `kubectl rollout status`).
 */
export const K8S_FAULT_RULES = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
];

const SCENARIO_DIR = '/scenario';
const RESULTS_DIR = '/results';

/**
 * The manifests of one scenario run as `shards` pods on an existing cluster: a ConfigMap with the
 * scenario, a ReadWriteMany volume for the shards' outputs, an Indexed Job (one pod per shard, its
 * shard from JOB_COMPLETION_INDEX, no retry of an index so a shard never runs its users twice), a
 * merge Job whose exit code is the gate's, and, when the scenario's faults are shell hooks, a
 * ServiceAccount with only the rights the README's kubectl recipe uses (K8S_FAULT_RULES).
 */
export function k8sManifests(p: K8sPlan): Manifest[] {
  const base = `sessionchaos-${p.name}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 50)
    .replace(/-+$/, '');
  const labels = { 'app.kubernetes.io/name': 'sessionchaos', 'app.kubernetes.io/instance': base };
  const meta = (suffix: string): Manifest['metadata'] => ({
    name: `${base}-${suffix}`,
    namespace: p.namespace,
    labels,
  });
  const volumes = [
    { name: 'scenario', configMap: { name: `${base}-scenario` } },
    { name: 'results', persistentVolumeClaim: { claimName: `${base}-results` } },
  ];
  const mounts = [
    { name: 'scenario', mountPath: SCENARIO_DIR, readOnly: true },
    { name: 'results', mountPath: RESULTS_DIR },
  ];
  const scenario = `${SCENARIO_DIR}/scenario.yaml`;
  const out: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('scenario'),
      data: { 'scenario.yaml': p.scenarioText },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('results'),
      spec: {
        accessModes: ['ReadWriteMany'],
        resources: { requests: { storage: '1Gi' } },
        ...(p.storageClass !== undefined ? { storageClassName: p.storageClass } : {}),
      },
    },
  ];
  if (p.execFaults) {
    out.push(
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('faults') },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: meta('faults'),
        rules: K8S_FAULT_RULES,
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta('faults'),
        subjects: [{ kind: 'ServiceAccount', name: `${base}-faults`, namespace: p.namespace }],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${base}-faults` },
      },
    );
  }
  // No shell: the CLI takes its shard from JOB_COMPLETION_INDEX (`--shard index/N`) and names its directory
  // (`{shard}`), so the command runs on any image with `sessionchaos` on PATH, busybox or none.
  const shardCommand = [
    'sessionchaos',
    'run',
    scenario,
    '--shard',
    `index/${p.shards}`,
    '--seed',
    String(p.seed),
    '--start-at',
    p.startAt,
    '--out',
    `${RESULTS_DIR}/shard-{shard}`,
    '--no-dashboard',
    ...(p.execFaults ? ['--allow-exec'] : []),
  ];
  out.push({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('shards'),
    spec: {
      completionMode: 'Indexed',
      completions: p.shards,
      parallelism: p.shards,
      // A retried shard would run its users twice: a failed index stays failed, and the merge names it.
      backoffLimitPerIndex: 0,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          ...(p.execFaults ? { serviceAccountName: `${base}-faults` } : {}),
          containers: [
            {
              name: 'shard',
              image: p.image,
              command: shardCommand,
              volumeMounts: mounts,
              resources: { requests: { cpu: '1', memory: '512Mi' } },
            },
          ],
          volumes,
        },
      },
    },
  });
  // Waits for every shard's summary.json (written when a shard finishes) or the deadline, then merges what is
  // there: a missing shard makes the verdict unknown (exit 2). The Job's exit code is the gate's; its log carries
  // the verdict and report.md (`kubectl logs job/...-merge`).
  const deadline = new Date(Date.parse(p.startAt) + p.waitSeconds * 1000).toISOString();
  const mergeCommand = [
    'sessionchaos',
    'merge',
    ...Array.from({ length: p.shards }, (_, i) => `${RESULTS_DIR}/shard-${i + 1}`),
    '--out',
    `${RESULTS_DIR}/merged`,
    '--wait-until',
    deadline,
    '--print-report',
  ];
  out.push({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('merge'),
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'merge', image: p.image, command: mergeCommand, volumeMounts: mounts }],
          volumes,
        },
      },
    },
  });
  return out;
}
