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

const SCENARIO_DIR = '/scenario';
const RESULTS_DIR = '/results';

/**
 * The manifests of one scenario run as `shards` pods on an existing cluster: a ConfigMap with the
 * scenario, a ReadWriteMany volume for the shards' outputs, an Indexed Job (one pod per shard, its
 * shard from JOB_COMPLETION_INDEX, no retry of an index so a shard never runs its users twice), a
 * merge Job whose exit code is the gate's, and, when the scenario's faults are shell hooks, a
 * ServiceAccount with only the rights `kubectl delete pod` / `rollout status` hooks need.
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
        // What `kubectl delete pod -l ...` and `kubectl rollout status deploy/...` need, in this namespace only.
        rules: [
          { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] },
          { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list', 'watch'] },
        ],
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
  const shardCommand =
    // JOB_COMPLETION_INDEX counts from 0; shards from 1. Shard 1 runs the faults (hooks) and probes.
    `exec sessionchaos run ${scenario} --shard $((JOB_COMPLETION_INDEX + 1))/${p.shards} --seed ${p.seed} --start-at ${p.startAt} ` +
    `--out ${RESULTS_DIR}/shard-$((JOB_COMPLETION_INDEX + 1)) --no-dashboard${p.execFaults ? ' --allow-exec' : ''}`;
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
              command: ['sh', '-c', shardCommand],
              volumeMounts: mounts,
              resources: { requests: { cpu: '1', memory: '512Mi' } },
            },
          ],
          volumes,
        },
      },
    },
  });
  const mergeCommand =
    // Waits for every shard's summary.json (written when a shard finishes) or the deadline, then merges what
    // is there: a missing shard makes the verdict unknown (exit 2). The Job's exit code is the gate's.
    `deadline=$(( $(date -d ${p.startAt} +%s) + ${p.waitSeconds} )); ` +
    `while [ "$(ls ${RESULTS_DIR}/shard-*/summary.json 2>/dev/null | wc -l)" -lt ${p.shards} ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 5; done; ` +
    `exec sessionchaos merge $(seq -f '${RESULTS_DIR}/shard-%g' 1 ${p.shards}) --out ${RESULTS_DIR}/merged`;
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
          containers: [
            { name: 'merge', image: p.image, command: ['sh', '-c', mergeCommand], volumeMounts: mounts },
          ],
          volumes,
        },
      },
    },
  });
  return out;
}
