import test from 'ava';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { parse, parseAllDocuments } from 'yaml';
import { EXIT } from '../src/index.ts';
import { cli } from './helpers/run-cli.ts';
import { strictProblems } from './helpers/strict-k8s.ts';

// The manifests are checked field by field against the Kubernetes API's own schema (@kubernetes/client-node's
// models, generated from the OpenAPI document), an unknown field failing as `kubectl apply --validate=strict` does.

const recipe = fileURLToPath(new URL('fixtures/k8s-pod-deleted.yaml', import.meta.url));

type Doc = { kind: string; metadata: { name: string } } & Record<string, unknown>;

async function manifests(): Promise<Doc[]> {
  const r = await cli('k8s', recipe, '--shards', '2', '--namespace', 'shop');
  if (r.code !== EXIT.pass) throw new Error(r.err);
  return parseAllDocuments(r.out).map((d) => d.toJS() as Doc);
}

test('a misspelt field (backoffLimitPerIndx) fails the strict check, where the models library lets it through', async (t) => {
  const docs = await manifests();
  const job = structuredClone(docs.find((d) => d.metadata.name.endsWith('-shards'))!);
  t.deepEqual(strictProblems(job), [], 'the printed Job is accepted as it is');
  const spec = job['spec'] as Record<string, unknown>;
  spec['backoffLimitPerIndx'] = spec['backoffLimitPerIndex'];
  delete spec['backoffLimitPerIndex'];
  t.deepEqual(strictProblems(job), ['/spec/backoffLimitPerIndx: unknown field of V1JobSpec']);
  // Why a second check: kubernetes-models validates types and required fields, not unknown ones.
  t.notThrows(() => new Job(job as never).validate());
});

test('the strict check finds a misspelt field deep in the pod template and a wrong type', async (t) => {
  const docs = await manifests();
  const job = structuredClone(docs.find((d) => d.metadata.name.endsWith('-merge'))!) as unknown as {
    spec: { backoffLimit: unknown; template: { spec: { containers: Record<string, unknown>[] } } };
  };
  const container = job.spec.template.spec.containers[0]!;
  container['volumeMount'] = container['volumeMounts'];
  delete container['volumeMounts'];
  job.spec.backoffLimit = '0';
  t.deepEqual(strictProblems(job), [
    '/spec/backoffLimit: must be an integer',
    '/spec/template/spec/containers/0/volumeMount: unknown field of V1Container',
  ]);
});

test('every printed manifest passes the strict check, the Role included', async (t) => {
  const docs = await manifests();
  t.deepEqual(
    docs.map((d) => d.kind),
    ['ConfigMap', 'PersistentVolumeClaim', 'ServiceAccount', 'Role', 'RoleBinding', 'Job', 'Job'],
  );
  for (const d of docs) t.deepEqual(strictProblems(d), [], `${d.kind} ${d.metadata.name}`);
});

/** The API rights each kubectl invocation of the recipe needs (kubectl get NAME: get; get -l: list). */
const RIGHTS: [RegExp, string, string[]][] = [
  [/kubectl get pod -l /, 'pods', ['list']],
  [/kubectl get pod "/, 'pods', ['get']],
  [/kubectl delete pod /, 'pods', ['delete']],
  [/kubectl rollout status deploy\//, 'deployments', ['get', 'list', 'watch']],
];

test("the Role allows exactly what the README's kubectl recipe runs: its hook, confirm and heal commands", async (t) => {
  const scenario = parse(readFileSync(recipe, 'utf8')) as {
    faults: { params: Record<string, string> }[];
  };
  const commands = scenario.faults.flatMap((f) => [
    f.params['command']!,
    f.params['confirm']!,
    f.params['healCommand']!,
  ]);
  const invocations = commands.flatMap((c) => c.match(/kubectl [a-z]+[^&|;)]*/g) ?? []);
  t.is(invocations.length, 4, invocations.join('\n'));
  const needed = new Map<string, Set<string>>();
  for (const inv of invocations) {
    const right = RIGHTS.find(([re]) => re.test(inv));
    if (!right) return void t.fail(`no known rights for: ${inv}`);
    const verbs = needed.get(right[1]) ?? new Set<string>();
    for (const v of right[2]) verbs.add(v);
    needed.set(right[1], verbs);
  }
  const role = (await manifests()).find((d) => d.kind === 'Role') as unknown as {
    rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  };
  const granted = new Map(
    role.rules.flatMap((r) => r.resources.map((res) => [res, new Set(r.verbs)] as const)),
  );
  t.deepEqual(
    [...granted].map(([res, v]) => [res, [...v].sort()]),
    [...needed].map(([res, v]) => [res, [...v].sort()]),
  );
});
